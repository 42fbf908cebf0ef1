package dev.mee6sync.mee6;

import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

/** Placeholder until the MEE6 client lands (branch mee6-client). */
@ApplicationScoped
public class Mee6Client {
    public Mee6Snapshot fetchAllMemberXp(Collection<String> discordIds) {
        throw new UnsupportedOperationException("not yet");
    }
}
