"""REST and WebSocket routes. Thin: parse, authorize, call a service."""
