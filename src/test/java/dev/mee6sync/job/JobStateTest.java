package dev.mee6sync.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.mee6sync.alert.Alert;

/**
 * The alert rules of a job's state machine, without a database (docs/ledger-rules.md section 6): each test walks the
 * transitions a sequence of runs makes and reads what is owed after each, delivering what Sentry would confirm.
 */
class JobStateTest {

    static final int THRESHOLD = 3;
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    final JobState state = new JobState("mee6", T0);
    int run;

    @Test
    void anOutageIsAlertedOnceAtTheThresholdAndItsRecoveryOnce() {
        assertThat(fail("MEE6 answered 503", null)).isEmpty();
        assertThat(fail("MEE6 answered 503", null)).isEmpty();
        List<Alert> third = fail("MEE6 answered 503", null);
        assertThat(third).extracting(Alert::kind).containsExactly(Alert.Kind.OUTAGE);
        assertThat(third.get(0).message()).contains("3 consecutive sync failures", "MEE6 answered 503");
        deliver(third);
        assertThat(fail("MEE6 answered 503", null)).as("once per outage").isEmpty();

        List<Alert> recovered = complete(null);
        assertThat(recovered).extracting(Alert::kind).containsExactly(Alert.Kind.RECOVERY);
        assertThat(recovered.get(0).message()).contains("completed after 4 consecutive failures");
        deliver(recovered);
        assertThat(complete(null)).isEmpty();
    }

    @Test
    void anAlertSentryDidNotConfirmStaysOwedUntilItDoes() {
        fail("down", null);
        fail("down", null);
        assertThat(fail("down", null)).extracting(Alert::kind).containsExactly(Alert.Kind.OUTAGE);
        List<Alert> again = fail("down", null); // not delivered: owed by the next failed run too
        assertThat(again).extracting(Alert::kind).containsExactly(Alert.Kind.OUTAGE);
        assertThat(again.get(0).message()).contains("4 consecutive");
        deliver(again);
        assertThat(fail("down", null)).isEmpty();
    }

    @Test
    void aFailureThatNeedsSomeoneAlertsAtOnceAndCountsAsTheOutagesAlert() {
        List<Alert> first = fail("the token expired or was revoked", "source:mee6:unauthorized");
        assertThat(first).extracting(Alert::kind).containsExactly(Alert.Kind.ATTENTION);
        assertThat(first.get(0).message()).contains("needs an operator now", "the token expired");
        assertThat(first.get(0).fingerprint()).contains("source:mee6:unauthorized");
        deliver(first);
        assertThat(fail("the token expired or was revoked", "source:mee6:unauthorized")).isEmpty();
        assertThat(fail("the token expired or was revoked", "source:mee6:unauthorized"))
                .as("no second alert at the threshold").isEmpty();

        List<Alert> otherCause = fail("a page that cannot be trusted", "source:mee6:invalid-data");
        assertThat(otherCause).as("another cause needs someone too").extracting(Alert::kind)
                .containsExactly(Alert.Kind.ATTENTION);
        deliver(otherCause);
        assertThat(fail("the token expired or was revoked", "source:mee6:unauthorized"))
                .as("a cause alerted earlier in the outage, back after another: once per cause and outage").isEmpty();
        assertThat(complete(null)).extracting(Alert::kind).containsExactly(Alert.Kind.RECOVERY);
    }

    @Test
    void aRefusalAlertsAtOnceEvenWhenTheOutageWasAlertedAndEachLaterRefusalAgain() {
        fail("MEE6 down", null);
        fail("MEE6 down", null);
        deliver(fail("MEE6 down", null)); // the outage's alert
        List<Alert> refused = fail("Mass change refused", "mass-change:board-reset:scheduled-04");
        assertThat(refused).extracting(Alert::kind).containsExactly(Alert.Kind.ATTENTION);
        deliver(refused);
        assertThat(fail("Mass change refused", "mass-change:board-reset:scheduled-04"))
                .as("a retry of the same run is the same refusal").isEmpty();
        assertThat(fail("Mass change refused", "mass-change:board-reset:scheduled-05"))
                .as("a later run refused again").extracting(Alert::kind).containsExactly(Alert.Kind.ATTENTION);
    }

    @Test
    void aWarningIsOnceAndAgainForAMemberOrAnInvariantItDidNotName() {
        List<Alert> first = complete(drift("invariant:balance", "member:1"));
        assertThat(first).extracting(Alert::kind).containsExactly(Alert.Kind.WARNING);
        deliver(first);
        assertThat(complete(drift("invariant:balance", "member:1"))).as("the same drift").isEmpty();
        assertThat(complete(drift("invariant:balance"))).as("less of it").isEmpty();

        List<Alert> wider = complete(drift("invariant:balance", "member:1", "member:2"));
        assertThat(wider).extracting(Alert::kind).containsExactly(Alert.Kind.WARNING);
        assertThat(wider.get(0).message()).contains("new since the warning", "member:2");
        deliver(wider);
        List<Alert> anotherInvariant = complete(drift("invariant:conservation"));
        assertThat(anotherInvariant).extracting(Alert::kind).containsExactly(Alert.Kind.WARNING);
        deliver(anotherInvariant);

        List<Alert> resolved = complete(null);
        assertThat(resolved).extracting(Alert::kind).containsExactly(Alert.Kind.RESOLVED);
        deliver(resolved);
        assertThat(complete(drift("invariant:balance"))).as("a new finding after a clean run")
                .extracting(Alert::kind).containsExactly(Alert.Kind.WARNING);
    }

    @Test
    void anAbandonedRunCountsAsAFailure() {
        state.runAbandoned(T0);
        state.runAbandoned(T0);
        state.runAbandoned(T0);
        assertThat(state.consecutiveFailures()).isEqualTo(3);
        assertThat(state.owed("r", "sync", THRESHOLD, null)).extracting(Alert::kind)
                .containsExactly(Alert.Kind.OUTAGE);
        assertThat(state.lastError()).contains("stopped without recording its end");
    }

    private List<Alert> fail(String error, String attentionKey) {
        state.runFailed(error, attentionKey, T0.plusSeconds(++run));
        return state.owed("run-" + run, "sync", THRESHOLD, null);
    }

    private List<Alert> complete(Finding finding) {
        state.runCompleted("run-" + ++run, "sync", finding, T0.plusSeconds(run));
        return state.owed("run-" + run, "sync", THRESHOLD, finding);
    }

    private void deliver(List<Alert> alerts) {
        alerts.forEach(alert -> state.alertDelivered(alert, T0.plusSeconds(run)));
    }

    private static Finding drift(String... keys) {
        return new Finding(Alert.Level.ERROR, "drift", "the ledger audit found drift", Map.of(), Set.of(keys));
    }
}
