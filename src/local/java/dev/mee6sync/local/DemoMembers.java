package dev.mee6sync.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.mee6sync.board.GuildSetting;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/** Links the demo leaderboard's members in the local database, so the first dev run has someone to sync. */
@Singleton
@IfBuildProfile("dev")
public class DemoMembers {

    private static final Logger LOG = Logger.getLogger(DemoMembers.class);

    private final AgroalDataSource dataSource;
    private final GuildSetting guild;

    public DemoMembers(AgroalDataSource dataSource, GuildSetting guild) {
        this.dataSource = dataSource;
        this.guild = guild;
    }

    void link(@Observes StartupEvent event) throws SQLException {
        if (!guild.id().map(DemoLeaderboard.GUILD_ID::equals).orElse(false)) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO member (discord_id, discord_username) VALUES (?, ?) "
                                + "ON CONFLICT (discord_id) DO NOTHING")) {
            for (DemoLeaderboard.DemoMember member : DemoLeaderboard.MEMBERS) {
                insert.setString(1, member.discordId());
                insert.setString(2, member.username());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        LOG.infof("Demo: %d members linked to the demo leaderboard", DemoLeaderboard.MEMBERS.size());
    }
}
