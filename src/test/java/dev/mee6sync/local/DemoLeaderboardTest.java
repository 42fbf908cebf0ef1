package dev.mee6sync.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mee6sync.board.GuildSetting;
import dev.mee6sync.lurkr.LurkrReader;
import dev.mee6sync.mee6.LeaderboardFetcher;
import dev.mee6sync.testing.LurkrSettings;
import dev.mee6sync.testing.Mee6Settings;
import dev.mee6sync.xp.XpRequest;
import dev.mee6sync.xp.XpSnapshot;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Dev mode's demo leaderboard read by the real adapters, without starting dev mode: its Lurkr shape passes the Lurkr
 * parser's checks (ranks, guild, XP range) and tells the same story as its MEE6 shape. A Quarkus test only because the
 * board reader's retries need SmallRye Fault Tolerance's runtime.
 */
@QuarkusTest
class DemoLeaderboardTest {

    private static final XpRequest EVERY_MEMBER = new XpRequest(DemoLeaderboard.MEMBERS.stream()
            .map(member -> new XpRequest.Account(member.discordId(), null)).toList(), true, null);

    private final List<DemoLeaderboard> boards = new ArrayList<>();

    @AfterEach
    void stop() {
        boards.forEach(DemoLeaderboard::stop);
    }

    private DemoLeaderboard start() {
        DemoLeaderboard board = DemoLeaderboard.start();
        boards.add(board);
        return board;
    }

    private static LurkrReader lurkr(DemoLeaderboard board) {
        return new LurkrReader(LurkrSettings.none().with("api-url", board.url()).with("page-delay", "0s").build(),
                "demo-test", null, GuildSetting.of(Optional.of(DemoLeaderboard.GUILD_ID), Optional.empty()));
    }

    private static LeaderboardFetcher mee6(DemoLeaderboard board) {
        return new LeaderboardFetcher(Mee6Settings.none().with("api-url", board.url())
                .with("guild-id", DemoLeaderboard.GUILD_ID).with("page-size", "100").with("page-delay", "0s")
                .build(), "demo-test");
    }

    /** The members' scripted XP in a round; absent members are not on the board. */
    private static Map<String, Long> script(int round) {
        Map<String, Long> xp = new HashMap<>();
        for (DemoLeaderboard.DemoMember member : DemoLeaderboard.MEMBERS) {
            if (member.xpAt(round) >= 0) {
                xp.put(member.discordId(), member.xpAt(round));
            }
        }
        return xp;
    }

    @Test
    void theLurkrShapeReadsWithTheLurkrAdapterToTheEndOfTheBoard() {
        XpSnapshot snapshot = lurkr(start()).read(EVERY_MEMBER);

        assertThat(snapshot.xpByAccount()).isEqualTo(script(0));
        assertThat(snapshot.facts().readToEnd()).isTrue();
        assertThat(snapshot.facts().pagesRequested()).isEqualTo(3);
        // 250 fillers and 5 members: Lurkr's pages 1 to 3 (0-based 2 ends it); 25 XP a minute
        assertThat(snapshot.board().players()).isEqualTo(255);
        assertThat(snapshot.board().endPage()).isEqualTo(2);
        assertThat(snapshot.board().maxXpPerHour()).isEqualTo(1500L);
    }

    @Test
    void bothShapesTellTheSameStoryRoundByRound() {
        LurkrReader lurkr = lurkr(start());
        LeaderboardFetcher mee6 = mee6(start());
        for (int round = 0; round < 5; round++) {
            XpSnapshot fromLurkr = lurkr.read(EVERY_MEMBER);
            XpSnapshot fromMee6 = mee6.fetch(EVERY_MEMBER);

            assertThat(fromLurkr.xpByAccount()).as("round %d", round).isEqualTo(script(round))
                    .isEqualTo(fromMee6.xpByAccount());
            assertThat(fromLurkr.board()).as("round %d", round).isEqualTo(fromMee6.board());
        }
    }
}
