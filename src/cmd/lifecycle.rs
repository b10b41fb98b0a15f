//! Turns per-blob findings into one finding per (rule, secret) with its lifecycle: the
//! introducing commit and path, every occurrence, live or removed (and by which commit), days of
//! exposure and the refs that carry it.

use crate::filter::allowlist::PathAllowlist;
use crate::finding::history::{History, Introduced, Occurrence, Status};
use crate::finding::{Finding, Fingerprint, Location};
use crate::source::date::{DAY, rfc3339};
use crate::source::history::Inventory;
use crate::source::lifecycle::{CommitInfo, commit_info, head_paths, refs_containing, removals};
use git2::{Oid, Repository};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One secret's findings across blobs.
struct Group {
    /// The finding in the earliest-introduced blob: its provenance is the introducing one.
    first: Finding,
    /// (commit walk index, path, location) of `first`, to pick the earliest.
    order: (u32, String, Location),
    /// (blob index, line) of every finding of this secret.
    places: BTreeSet<(usize, usize)>,
}

/// Groups `found` (blob index → that blob's findings) by rule and fingerprint and adds each
/// secret's lifecycle.
pub fn findings(
    repo: &Repository,
    inventory: &Inventory,
    found: Vec<(usize, Vec<Finding>)>,
    tips: &[(String, Oid)],
    allowlist: &PathAllowlist,
) -> Result<Vec<Finding>, git2::Error> {
    let groups = group(inventory, found);
    let blobs: HashSet<Oid> =
        groups.iter().flat_map(|g| g.places.iter().map(|p| inventory.blobs[p.0].id)).collect();
    let head = head_paths(repo, &blobs, allowlist)?;
    let live: Vec<Vec<String>> = groups
        .iter()
        .map(|g| {
            let mut paths: Vec<String> = g
                .places
                .iter()
                .filter_map(|p| head.get(&inventory.blobs[p.0].id))
                .flatten()
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            paths
        })
        .collect();
    // Where each removed secret was ever added: (blob, path) of every sighting of its blobs.
    let places: Vec<Vec<(Oid, String)>> = groups
        .iter()
        .zip(&live)
        .map(|(g, live)| {
            if !live.is_empty() {
                return Vec::new();
            }
            let blobs: BTreeSet<usize> = g.places.iter().map(|p| p.0).collect();
            let mut places: Vec<(Oid, String)> = blobs
                .into_iter()
                .flat_map(|b| {
                    let blob = &inventory.blobs[b];
                    blob.sightings
                        .iter()
                        .map(|s| (blob.id, inventory.paths[s.path as usize].clone()))
                })
                .filter(|(_, path)| !allowlist.is_allowed(path))
                .collect();
            places.sort();
            places.dedup();
            places
        })
        .collect();
    let removed = removals(repo, &places)?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let introducing: HashSet<Oid> =
        groups.iter().filter_map(|g| introducing_commit(&g.first)).collect();
    let refs = refs_containing(repo, tips, &introducing)?;
    let mut commits = CommitCache { repo, infos: HashMap::new(), refs };
    let mut out = Vec::with_capacity(groups.len());
    for ((group, live_paths), removed_in) in groups.into_iter().zip(live).zip(removed) {
        let history = commits.history(&group, inventory, live_paths, removed_in, now);
        let mut finding = group.first;
        finding.history = Some(Box::new(history));
        out.push(finding);
    }
    Ok(out)
}

fn group(inventory: &Inventory, found: Vec<(usize, Vec<Finding>)>) -> Vec<Group> {
    let mut groups: BTreeMap<(String, Fingerprint), Group> = BTreeMap::new();
    for (index, findings) in found {
        let first_sighting = inventory.blobs[index].sightings.first();
        for finding in findings {
            let order = (
                first_sighting.map_or(u32::MAX, |s| s.commit),
                finding.provenance.path().to_owned(),
                finding.location,
            );
            let key = (finding.rule.id.clone(), finding.fingerprint.clone());
            let place = (index, finding.location.line);
            match groups.get_mut(&key) {
                Some(group) => {
                    group.places.insert(place);
                    if order < group.order {
                        group.order = order;
                        group.first = finding;
                    }
                }
                None => {
                    let places = BTreeSet::from([place]);
                    groups.insert(key, Group { first: finding, order, places });
                }
            }
        }
    }
    groups.into_values().collect()
}

/// The commit that introduced a finding's blob (None for an unreachable blob).
fn introducing_commit(finding: &Finding) -> Option<Oid> {
    match &finding.provenance {
        crate::source::Provenance::Commit { commit, .. } => Oid::from_str(commit).ok(),
        _ => None,
    }
}

/// Commit facts, each read once.
struct CommitCache<'a> {
    repo: &'a Repository,
    infos: HashMap<Oid, Option<CommitInfo>>,
    /// The refs containing each introducing commit.
    refs: HashMap<Oid, Vec<String>>,
}

impl CommitCache<'_> {
    fn info(&mut self, id: Oid) -> Option<CommitInfo> {
        let repo = self.repo;
        self.infos.entry(id).or_insert_with(|| commit_info(repo, id)).clone()
    }

    fn history(
        &mut self,
        group: &Group,
        inventory: &Inventory,
        live_paths: Vec<String>,
        removed_in: Option<Oid>,
        now: i64,
    ) -> History {
        let mut occurrences: Vec<(u32, Occurrence)> = Vec::new();
        for &(index, line) in &group.places {
            let blob = &inventory.blobs[index];
            let id = blob.id.to_string();
            if blob.sightings.is_empty() {
                let occurrence = Occurrence { commit: None, path: None, line, blob: id.clone() };
                occurrences.push((u32::MAX, occurrence));
            }
            for &s in &blob.sightings {
                let occurrence = Occurrence {
                    commit: Some(inventory.commit(s).to_string()),
                    path: Some(inventory.path(s).to_owned()),
                    line,
                    blob: id.clone(),
                };
                occurrences.push((s.commit, occurrence));
            }
        }
        occurrences.sort();
        occurrences.dedup();
        let introduced = self.introduced(group);
        let start = introduced.as_ref().and_then(|(id, _)| self.info(*id)).map(|i| i.time);
        let end = removed_in.and_then(|id| self.info(id)).map_or(now, |i| i.time);
        let exposure_days =
            start.map_or(0, |start| u64::try_from((end - start).max(0) / DAY).unwrap_or(0));
        let refs =
            introduced.as_ref().and_then(|(id, _)| self.refs.get(id)).cloned().unwrap_or_default();
        let status = if live_paths.is_empty() {
            Status::Removed { removed_in: removed_in.map(|id| id.to_string()) }
        } else {
            Status::Live { paths: live_paths }
        };
        History {
            introduced: introduced.map(|(_, i)| i),
            occurrences: occurrences.into_iter().map(|(_, o)| o).collect(),
            status,
            exposure_days,
            refs,
        }
    }

    fn introduced(&mut self, group: &Group) -> Option<(Oid, Introduced)> {
        let crate::source::Provenance::Commit { commit, path, .. } = &group.first.provenance else {
            return None;
        };
        let id = introducing_commit(&group.first)?;
        let info = self.info(id)?;
        Some((
            id,
            Introduced {
                commit: commit.clone(),
                author: info.author,
                email: info.email,
                date: rfc3339(info.time, info.offset_minutes),
                summary: info.summary,
                path: path.clone(),
                line: group.first.location.line,
            },
        ))
    }
}
