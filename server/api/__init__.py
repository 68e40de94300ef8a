"""The `/api/v1` blueprints, one per resource (`server.api.blueprints` registers them)."""
