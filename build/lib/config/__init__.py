"""Settings, BID area files and logging set-up; read at the edge and passed in."""
