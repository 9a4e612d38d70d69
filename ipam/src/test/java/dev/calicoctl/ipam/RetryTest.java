package dev.calicoctl.ipam;

import dev.calicoctl.datastore.DatastoreException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one retry loop: lost races run again (counted), up to upstream's 100 attempts; other failures pass through. */
class RetryTest {
    final AtomicLong conflicts = new AtomicLong();
    final Retry retry = new Retry(conflicts);

    @Test
    void aLostCompareAndSwapRunsTheAttemptAgainWithItsNumber() {
        StringBuilder seen = new StringBuilder();
        String got = retry.until(attempt -> {
            seen.append(attempt);
            if (attempt == 0) throw new DatastoreException.Conflict("changed");
            if (attempt == 1) throw new DatastoreException.AlreadyExists("exists");
            if (attempt == 2) throw new DatastoreException.NotFound("gone");
            if (attempt == 3) throw Retry.again();
            return "done";
        });
        assertThat(got).isEqualTo("done");
        assertThat(seen).hasToString("01234");
        assertThat(conflicts.get()).isEqualTo(4);
    }

    @Test
    void aHundredLossesGiveUpWithUpstreamsMessage() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> retry.until(attempt -> { runs.incrementAndGet(); throw Retry.again(); }))
                .isInstanceOf(IpamException.class).hasMessage("Max retries hit - excessive concurrent IPAM requests");
        assertThat(runs.get()).isEqualTo(Retry.ATTEMPTS).isEqualTo(100);
        assertThat(retry.bestEffort(attempt -> { throw Retry.again(); })).isFalse();
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> retry.until(attempt -> { runs.incrementAndGet(); throw new DatastoreException.Unavailable("down"); }))
                .hasMessage("down");
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void aRetryForOtherStoresRunsAgainOnlyWhenTold() {
        Retry explicit = Retry.onlyWhenToldAgain();
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> explicit.until(attempt -> { runs.incrementAndGet(); throw new DatastoreException.NotFound("no such pod"); }, "too busy"))
                .isInstanceOf(DatastoreException.NotFound.class);
        assertThat(runs.get()).isEqualTo(1);
        assertThatThrownBy(() -> explicit.until(attempt -> { throw Retry.again(); }, "too busy")).hasMessage("too busy");
    }

    @Test
    void aSingleWriteWhoseLossIsAcceptableReportsIt() {
        assertThat(retry.once(() -> { })).isTrue();
        assertThat(retry.once(() -> { throw new DatastoreException.Conflict("changed"); })).isFalse();
        assertThat(conflicts.get()).isEqualTo(1);
    }

    @Test
    void bestEffortGivesUpOnLostRacesOnlyNotOnOtherRefusals() {
        assertThatThrownBy(() -> retry.bestEffort(attempt -> { throw new IpamException("pool is full"); }))
                .isInstanceOf(IpamException.class).hasMessage("pool is full");
        assertThatThrownBy(() -> retry.bestEffort(attempt -> { throw new DatastoreException.Unavailable("down"); }))
                .hasMessage("down");
    }

    @Test
    void aWriteThatMayLoseARaceStillReportsADatastoreThatIsDown() {
        assertThat(retry.onceUnlessDown(() -> { throw new DatastoreException.Conflict("changed"); })).isFalse();
        assertThat(retry.onceUnlessDown(() -> { throw new DatastoreException.NotFound("gone"); })).isFalse();
        assertThat(conflicts.get()).isEqualTo(2);
        assertThatThrownBy(() -> retry.onceUnlessDown(() -> { throw new DatastoreException.Unavailable("etcd down"); }))
                .isInstanceOf(DatastoreException.Unavailable.class);
        assertThat(retry.onceUnlessDown(() -> { })).isTrue();
    }
}
