"""Live views: events pane, jobs with steps, statistics history and sparklines, :top, health.

Fed only by backend messages through ``LiveMixin.live_handle``; the pure parts
(sparkline, stats_history, event_feed, health, job_links) import no widgets.
"""
