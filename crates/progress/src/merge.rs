//! The one merge of lesson progress events, shared by `PUT /lessons/{id}/progress` and the
//! offline batch. Whatever the order events arrive in, the result is the same: the status only
//! moves forward, time spent adds each distinct event once (the caller drops duplicates by
//! `client_event_id`), and the position follows the newest client event.

use chrono::{DateTime, Duration, Utc};

use crate::model::LessonStatus;

/// Longest time one event may add (a phone asleep with a lesson open is not eight days of study).
pub const MAX_EVENT_SECONDS: i32 = 4 * 3600;
/// How far ahead of the server a client clock may run before its time is clamped.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// What the learner's device reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub status: LessonStatus,
    pub position_seconds: i32,
    pub time_spent_seconds: i32,
    pub client_recorded_at: DateTime<Utc>,
}

/// A learner's progress in one lesson.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonState {
    pub status: Option<LessonStatus>,
    pub position_seconds: i32,
    pub time_spent_seconds: i32,
    /// The ordering key of the newest event seen: client time, then event id.
    pub newest: Option<(DateTime<Utc>, String)>,
    /// The earliest client time of an event that completed the lesson.
    pub completed_at: Option<DateTime<Utc>>,
}

/// An event with its client time clamped to the server's `now` when it runs too far ahead;
/// answers whether it was clamped.
pub fn clamp_clock(mut event: Event, now: DateTime<Utc>) -> (Event, bool) {
    let skewed = event.client_recorded_at > now + CLOCK_SKEW;
    if skewed {
        event.client_recorded_at = now;
    }
    (event, skewed)
}

/// `state` with `event` merged in.
pub fn merge(state: &LessonState, event: &Event) -> LessonState {
    let mut next = state.clone();
    next.status = Some(state.status.map_or(event.status, |s| s.max(event.status)));
    next.time_spent_seconds =
        state.time_spent_seconds.saturating_add(event.time_spent_seconds.clamp(0, MAX_EVENT_SECONDS));
    let key = (event.client_recorded_at, event.id.clone());
    if state.newest.as_ref().is_none_or(|newest| key > *newest) {
        next.position_seconds = event.position_seconds.clamp(0, 10_000_000);
        next.newest = Some(key);
    }
    if event.status == LessonStatus::Completed {
        next.completed_at =
            Some(state.completed_at.map_or(event.client_recorded_at, |at| at.min(event.client_recorded_at)));
    }
    next
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{DateTime, Duration, TimeZone, Utc};
    use proptest::prelude::*;

    use super::{Event, LessonState, MAX_EVENT_SECONDS, clamp_clock, merge};
    use crate::model::LessonStatus;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_795_000_000 + seconds, 0).single().unwrap_or_default()
    }

    fn event(id: &str, status: LessonStatus, position: i32, spent: i32, time: i64) -> Event {
        Event {
            id: id.into(),
            status,
            position_seconds: position,
            time_spent_seconds: spent,
            client_recorded_at: at(time),
        }
    }

    /// Merges events in order, dropping repeated ids as the database does.
    fn replay(events: &[Event]) -> LessonState {
        let mut seen = HashSet::new();
        events.iter().filter(|e| seen.insert(e.id.clone())).fold(LessonState::default(), |s, e| merge(&s, e))
    }

    #[test]
    fn completed_never_reverts_and_the_newest_position_wins() {
        let events = [
            event("a", LessonStatus::InProgress, 30, 30, 10),
            event("b", LessonStatus::Completed, 600, 570, 20),
            event("c", LessonStatus::InProgress, 45, 15, 15),
        ];
        let state = replay(&events);
        assert_eq!(state.status, Some(LessonStatus::Completed));
        assert_eq!(state.position_seconds, 600, "b is the newest");
        assert_eq!(state.time_spent_seconds, 615);
        assert_eq!(state.completed_at, Some(at(20)));
    }

    #[test]
    fn one_event_adds_at_most_four_hours() {
        let state = replay(&[event("a", LessonStatus::InProgress, 0, i32::MAX, 0)]);
        assert_eq!(state.time_spent_seconds, MAX_EVENT_SECONDS);
    }

    #[test]
    fn client_times_far_ahead_are_clamped_and_flagged() {
        let now = at(0);
        let (clamped, flagged) = clamp_clock(event("a", LessonStatus::InProgress, 0, 0, 3600), now);
        assert!(flagged);
        assert_eq!(clamped.client_recorded_at, now);
        let (kept, flagged) = clamp_clock(event("b", LessonStatus::InProgress, 0, 0, 60), now);
        assert!(!flagged);
        assert_eq!(kept.client_recorded_at, now + Duration::seconds(60));
    }

    /// Events with one id are one event: a retry carries the same content.
    fn any_event() -> impl Strategy<Value = Event> {
        (0u8..12).prop_map(|id| {
            let status =
                [LessonStatus::NotStarted, LessonStatus::InProgress, LessonStatus::Completed][usize::from(id % 3)];
            event(&format!("e{id}"), status, i32::from(id) * 97 % 5000, i32::from(id) * 31, i64::from(id % 4) * 10)
        })
    }

    proptest! {
        #[test]
        fn any_order_and_duplication_of_events_gives_the_same_state(
            events in proptest::collection::vec(any_event(), 1..20),
            seed in any::<u64>(),
        ) {
            let expected = replay(&events);
            let mut shuffled = events.clone();
            shuffled.extend(events.iter().take(seed as usize % events.len() + 1).cloned());
            let mut rng = seed;
            for i in (1..shuffled.len()).rev() {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (rng >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(replay(&shuffled), expected);
        }

        #[test]
        fn time_spent_counts_each_distinct_event_once(events in proptest::collection::vec(any_event(), 1..20)) {
            let state = replay(&events);
            let distinct: HashSet<&str> = events.iter().map(|e| e.id.as_str()).collect();
            let expected: i32 = distinct.iter().filter_map(|id| events.iter().find(|e| e.id == *id)).map(|e| e.time_spent_seconds).sum();
            prop_assert_eq!(state.time_spent_seconds, expected);
        }
    }
}
