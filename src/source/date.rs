//! Dates for history: git's (seconds since the epoch, offset in minutes) to RFC 3339 and back.
//! Only the proleptic Gregorian calendar arithmetic git itself uses; no time zone database.

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (if month <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, month, day)
}

/// RFC 3339 text of a git time: `seconds` since the epoch shown in the `offset_minutes` zone.
///
/// ```
/// use leakwatch::source::date::rfc3339;
/// assert_eq!(rfc3339(1_700_000_000, 0), "2023-11-14T22:13:20Z");
/// assert_eq!(rfc3339(1_700_000_000, 60), "2023-11-14T23:13:20+01:00");
/// ```
pub fn rfc3339(seconds: i64, offset_minutes: i32) -> String {
    let local = seconds + i64::from(offset_minutes) * 60;
    let (year, month, day) = civil_from_days(local.div_euclid(DAY));
    let rest = local.rem_euclid(DAY);
    let time = format!("{:02}:{:02}:{:02}", rest / 3600, rest % 3600 / 60, rest % 60);
    let zone = if offset_minutes == 0 {
        "Z".to_owned()
    } else {
        let sign = if offset_minutes < 0 { '-' } else { '+' };
        let m = offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    };
    format!("{year:04}-{month:02}-{day:02}T{time}{zone}")
}

/// Parses `--since`: `YYYY-MM-DD` (midnight UTC) or RFC 3339 (`2024-01-31T12:00:00+02:00`).
/// Returns seconds since the epoch.
pub fn parse_since(text: &str) -> Result<i64, String> {
    let bad = || format!("not a date: {text:?} (use YYYY-MM-DD or RFC 3339)");
    let t = text.trim();
    let number = |s: Option<&str>| s.and_then(|s| s.parse::<i64>().ok()).ok_or_else(bad);
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, rest)) => (d, Some(rest)),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let (year, month, day) = (number(parts.next())?, number(parts.next())?, number(parts.next())?);
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    let mut seconds = days_from_civil(year, month, day) * DAY;
    if let Some(time) = time {
        let (clock, offset) = split_zone(time).ok_or_else(bad)?;
        let mut fields = clock.split(':');
        let (h, m) = (number(fields.next())?, number(fields.next())?);
        let s = fields.next().map_or(Ok(0), |s| number(s.split('.').next()))?;
        if h > 23 || m > 59 || s > 60 {
            return Err(bad());
        }
        seconds += h * 3600 + m * 60 + s - offset;
    }
    Ok(seconds)
}

/// Splits `12:00:00+02:00` into the clock and the zone offset in seconds.
fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let at = time.rfind(['+', '-'])?;
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (h, m) = zone[1..].split_once(':')?;
    Some((clock, sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_since("2023-11-14"), Ok(1_699_920_000));
        assert_eq!(parse_since("2023-11-14T22:13:20Z"), Ok(1_700_000_000));
        assert_eq!(parse_since("2023-11-14T23:13:20+01:00"), Ok(1_700_000_000));
        assert_eq!(rfc3339(0, -330), "1969-12-31T18:30:00-05:30");
        assert_eq!(rfc3339(951_782_400, 0), "2000-02-29T00:00:00Z");
        assert!(parse_since("yesterday").is_err());
        assert!(parse_since("2023-13-01").is_err());
    }
}
