-- A replica file as the first release of the tablet app made it, before a record's server
-- copy was stored once (no records.server_same): the same day's work as
-- before_numbered_migrations.sql. Written by sqlite3's iterdump.
BEGIN TRANSACTION;
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploaded', 'failed')),
    error TEXT
);
INSERT INTO "blobs" VALUES('f4c2fee470729bcc60d90edfc687bb5b3e377cd31d39e7fadcc6d9978ff18df4','f4c2fee470729bcc60d90edfc687bb5b3e377cd31d39e7fadcc6d9978ff18df4',15,'uploaded',NULL);
INSERT INTO "blobs" VALUES('c8c7d669269df92652c215b6a1f3d3e43aba89daa443b78cd917a503e3624ee6','c8c7d669269df92652c215b6a1f3d3e43aba89daa443b78cd917a503e3624ee6',25,'pending',NULL);
INSERT INTO "blobs" VALUES('a79a6ce8fc1bdff2cc4ea3833e97c1a11a58af7bb3e7dd4de00ae6de0275d736','a79a6ce8fc1bdff2cc4ea3833e97c1a11a58af7bb3e7dd4de00ae6de0275d736',26,'failed','{"status": 422, "message": "hash mismatch"}');
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
INSERT INTO "meta" VALUES('device_id','598e79e3-56ac-4232-b81c-fde9508618f9');
INSERT INTO "meta" VALUES('next_mutation_id','7');
INSERT INTO "meta" VALUES('cursor','cursor-1');
INSERT INTO "meta" VALUES('epoch','epoch-1');
INSERT INTO "meta" VALUES('server_last_mutation_id','3');
INSERT INTO "meta" VALUES('position_unknown',NULL);
INSERT INTO "meta" VALUES('last_success_at','2024-05-01T10:00:01+00:00');
CREATE TABLE notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('rejected', 'conflict', 'blob')),
    collection TEXT,
    record_id TEXT,
    mutation_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "notices" VALUES(1,'blob',NULL,NULL,NULL,'{"sha256": "a79a6ce8fc1bdff2cc4ea3833e97c1a11a58af7bb3e7dd4de00ae6de0275d736", "error": {"status": 422, "message": "hash mismatch"}}','2024-05-01T10:00:00+00:00',0);
INSERT INTO "notices" VALUES(2,'conflict','sites','0190a1b2-0000-7000-8000-000000000002',2,'{"conflicts":[{"client_value":"Market Hall","field":"name","server_value":"Market Hall"}],"fields":{"name":"Market Hall"},"mutation_id":2,"record":{"deleted":false,"id":"0190a1b2-0000-7000-8000-000000000002","kind":"market","name":"Market Hall","updated_seq":8,"version":2},"status":"conflict"}','2024-05-01T10:00:00+00:00',0);
INSERT INTO "notices" VALUES(3,'rejected','sites','0190a1b2-0000-7000-8000-000000000012',3,'{"error":{"code":"validation","fields":{"name":["empty"]},"message":"bad"},"fields":{"name":""}}','2024-05-01T10:00:00+00:00',0);
CREATE TABLE outbox (
    mutation_id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    base_version INTEGER,
    fields TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'rejected', 'acked', 'superseded')),
    error TEXT,
    acked_at TEXT
);
INSERT INTO "outbox" VALUES(1,'checks','0190a1b2-0000-7000-8000-000000000010','create',NULL,'{"notes":"acknowledged","signature_hash":"f4c2fee470729bcc60d90edfc687bb5b3e377cd31d39e7fadcc6d9978ff18df4"}','acked',NULL,'2024-05-01T10:00:00+00:00');
INSERT INTO "outbox" VALUES(2,'sites','0190a1b2-0000-7000-8000-000000000002','update',1,'{"name":"Market Hall"}','acked',NULL,'2024-05-01T10:00:00+00:00');
INSERT INTO "outbox" VALUES(3,'sites','0190a1b2-0000-7000-8000-000000000012','create',NULL,'{"name":""}','rejected','{"code":"validation","fields":{"name":["empty"]},"message":"bad"}',NULL);
INSERT INTO "outbox" VALUES(4,'checks','0190a1b2-0000-7000-8000-000000000011','create',NULL,'{"notes":"draft offline","photo_hashes":["c8c7d669269df92652c215b6a1f3d3e43aba89daa443b78cd917a503e3624ee6"]}','pending',NULL,NULL);
INSERT INTO "outbox" VALUES(5,'sites','0190a1b2-0000-7000-8000-000000000001','update',3,'{"name":"Harbour East"}','pending',NULL,NULL);
INSERT INTO "outbox" VALUES(6,'sites','0190a1b2-0000-7000-8000-000000000003','delete',2,'{}','pending',NULL,NULL);
CREATE TABLE records (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    server_data TEXT,
    server_deleted INTEGER NOT NULL DEFAULT 0,
    purge_pending INTEGER NOT NULL DEFAULT 0,
    stale INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, id)
);
INSERT INTO "records" VALUES('sites','0190a1b2-0000-7000-8000-000000000001',3,0,'{"id":"0190a1b2-0000-7000-8000-000000000001","kind":"gas_station","name":"Harbour East"}','{"id":"0190a1b2-0000-7000-8000-000000000001","kind":"gas_station","name":"Harbour"}',0,0,0);
INSERT INTO "records" VALUES('sites','0190a1b2-0000-7000-8000-000000000002',2,0,'{"id":"0190a1b2-0000-7000-8000-000000000002","kind":"market","name":"Market Hall"}','{"id":"0190a1b2-0000-7000-8000-000000000002","kind":"market","name":"Market Hall"}',0,0,0);
INSERT INTO "records" VALUES('sites','0190a1b2-0000-7000-8000-000000000003',2,1,'{"id":"0190a1b2-0000-7000-8000-000000000003","kind":"market","name":"Quay"}','{"id":"0190a1b2-0000-7000-8000-000000000003","kind":"market","name":"Quay"}',0,0,0);
INSERT INTO "records" VALUES('checks','0190a1b2-0000-7000-8000-000000000010',1,0,'{"id":"0190a1b2-0000-7000-8000-000000000010","notes":"acknowledged","signature_hash":"f4c2fee470729bcc60d90edfc687bb5b3e377cd31d39e7fadcc6d9978ff18df4"}','{"id":"0190a1b2-0000-7000-8000-000000000010","notes":"acknowledged","signature_hash":"f4c2fee470729bcc60d90edfc687bb5b3e377cd31d39e7fadcc6d9978ff18df4"}',0,0,0);
INSERT INTO "records" VALUES('sites','0190a1b2-0000-7000-8000-000000000012',NULL,0,'{"id":"0190a1b2-0000-7000-8000-000000000012","name":""}',NULL,0,0,0);
INSERT INTO "records" VALUES('checks','0190a1b2-0000-7000-8000-000000000011',NULL,0,'{"id":"0190a1b2-0000-7000-8000-000000000011","notes":"draft offline","photo_hashes":["c8c7d669269df92652c215b6a1f3d3e43aba89daa443b78cd917a503e3624ee6"]}',NULL,0,0,0);
CREATE INDEX outbox_record ON outbox (collection, record_id, state);
CREATE INDEX outbox_state ON outbox (state, mutation_id);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('notices',3);
COMMIT;
