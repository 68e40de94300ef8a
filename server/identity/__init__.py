"""Who is asking: accounts and device tokens (`accounts`), bearer authentication and roles
(`auth`), logging in and out (`sessions`, `login_throttle`, `password_hashing`), devices as the
admin sees them (`devices`), and users with their login (`users`)."""
