package dev.mee6sync.source;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which levelling bot's board is the XP source ({@code XP_SOURCE}). */
@ConfigMapping(prefix = "xp")
public interface SourceConfig {

    /** {@code mee6} or {@code lurkr}. Switching moves no points: docs/ledger-rules.md, infra/DEPLOY.md. */
    @WithDefault("mee6")
    String source();
}
