"""The synced records on the server: storage (`store`), filtered lists (`queries`, `paging`),
who may read and write them (`permissions`), the operations behind every record endpoint
(`resources`), and jobs with their state machine and assignment (`jobs`)."""
