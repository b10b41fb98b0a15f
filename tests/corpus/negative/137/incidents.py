def lip_sync_frames(video):
    return video

rootly_incident_count = 0
rpa_processInvoiceAttachments = None
