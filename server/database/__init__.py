"""The office database: connections (`db`), numbered migrations (`migrations`), backups and
restores (`maintenance`), and the server's clock for what it stores (`clock`)."""
