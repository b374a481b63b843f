//! Identity settings: token lifetimes, login throttling and the roster import limit.

use chrono::Duration;

#[derive(Clone, Debug)]
pub struct IdentitySettings {
    pub refresh_ttl: Duration,
    /// Failed logins for one account within `failure_window` before it is locked.
    pub max_failures_per_account: i32,
    /// Failed logins from one client address within `failure_window` before it is locked.
    pub max_failures_per_address: i32,
    pub failure_window: Duration,
    pub lockout: Duration,
    /// Largest roster CSV accepted, in bytes.
    pub import_max_bytes: usize,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        Self {
            refresh_ttl: Duration::days(30),
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            failure_window: Duration::minutes(15),
            lockout: Duration::minutes(15),
            import_max_bytes: 5 * 1024 * 1024,
            trust_forwarded_for: false,
        }
    }
}
