//! Identity settings: token and session lifetimes, sign-in throttling, the proxies whose
//! `X-Forwarded-For` is believed, the token-check cache and the roster import limit.

use chrono::Duration;

use crate::proxies::TrustedProxies;

#[derive(Clone, Debug)]
pub struct IdentitySettings {
    /// How long an unused refresh token lives (each refresh starts a new one).
    pub refresh_ttl: Duration,
    /// Absolute lifetime of a sign-in session: past it, its refresh tokens stop working
    /// however often they were rotated.
    pub session_max: Duration,
    /// How long the answer "this session and person still stand" is reused before the
    /// database is asked again; zero asks on every request.
    pub auth_cache: Duration,
    /// Failures for one account from one client address within `failure_window` before that
    /// pair is locked for `lockout`. The owner elsewhere is not affected.
    pub max_failures_per_account_address: i32,
    /// Failures from one client address (any account) within `failure_window` before the
    /// address is locked for `lockout`.
    pub max_failures_per_address: i32,
    /// Failures for one account from all addresses within `failure_window` after which the
    /// account is slowed to one attempt per `account_delay`; never locked.
    pub account_slowdown_after: i32,
    pub account_delay: Duration,
    pub failure_window: Duration,
    pub lockout: Duration,
    /// Largest roster CSV accepted, in bytes.
    pub import_max_bytes: usize,
    /// Proxies whose `X-Forwarded-For` names the client; empty: the peer address is the client.
    pub trusted_proxies: TrustedProxies,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self {
            refresh_ttl: Duration::days(30),
            session_max: Duration::days(30),
            auth_cache: Duration::seconds(5),
            max_failures_per_account_address: 5,
            max_failures_per_address: 30,
            account_slowdown_after: 10,
            account_delay: Duration::seconds(10),
            failure_window: Duration::minutes(15),
            lockout: Duration::minutes(15),
            import_max_bytes: 5 * 1024 * 1024,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}
