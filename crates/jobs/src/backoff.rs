//! When a failed job tries again: exponential in the attempts, capped, with jitter so that
//! jobs failing together (a receiver down) do not come back together.

use chrono::Duration;
use rand::Rng;

const BASE_SECONDS: i64 = 10;
const CAP_SECONDS: i64 = 6 * 60 * 60;

/// The wait after try number `attempt` (1-based) failed: 10 s, 20 s, 40 s, … up to 6 h, each
/// between half and the whole of that.
pub fn delay_after(attempt: i32) -> Duration {
    let exponent = attempt.clamp(1, 30) as u32 - 1;
    let full = BASE_SECONDS.saturating_mul(1_i64 << exponent.min(20)).min(CAP_SECONDS);
    let jittered = rand::rng().random_range(full / 2..=full);
    Duration::seconds(jittered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_capped() {
        for attempt in 1..40 {
            let full = (BASE_SECONDS << (attempt.min(21) - 1)).min(CAP_SECONDS);
            let delay = delay_after(attempt).num_seconds();
            assert!(delay >= full / 2 && delay <= full, "attempt {attempt}: {delay}");
        }
        assert!(delay_after(40).num_seconds() <= CAP_SECONDS);
    }
}
