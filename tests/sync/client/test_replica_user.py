"""A replica is one user's: its device id and outbox are that user's stream on the server, so
it is bound to the first user who logs in on it and refuses any other."""

import pytest

from sync.client.replica import Replica, ReplicaOfAnotherUser


@pytest.fixture
def replica(tmp_path):
    made = Replica(tmp_path / "replica.db")
    yield made
    made.close()


def test_a_new_replica_belongs_to_nobody_until_bound(replica):
    assert replica.user_id is None
    replica.bind_user("u-lin")
    assert replica.user_id == "u-lin"


def test_binding_the_same_user_again_is_fine(replica):
    replica.bind_user("u-lin")
    replica.bind_user("u-lin")
    assert replica.user_id == "u-lin"


def test_another_user_is_refused_and_the_replica_stays_its_owners(tmp_path, replica):
    replica.bind_user("u-lin")
    replica.close()
    reopened = Replica(tmp_path / "replica.db")
    try:
        with pytest.raises(ReplicaOfAnotherUser, match="belongs to user u-lin, not u-chen"):
            reopened.bind_user("u-chen")
        assert reopened.user_id == "u-lin"
    finally:
        reopened.close()
