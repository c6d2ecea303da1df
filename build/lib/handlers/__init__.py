"""The dispatcher (one entry point per inbound message), commands per role, onboarding."""
