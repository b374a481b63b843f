//! Recurring jobs: a name, how often, and the job to enqueue each time.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::job::Job;

/// How often a schedule comes due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Every {
    /// At fixed intervals from the first run.
    Interval(Duration),
    /// Once a day at this UTC time (a job that acts per organization reads each one's zone).
    DailyAt(NaiveTime),
}

impl Every {
    /// The first due time after `now`.
    pub fn next_after(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Every::Interval(interval) => now + interval.max(Duration::seconds(1)),
            Every::DailyAt(time) => {
                let today = now.date_naive().and_time(time).and_utc();
                if today > now { today } else { today + Duration::days(1) }
            }
        }
    }
}

/// A recurring job. Every node registers the same schedules; each due time is taken by one.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub(crate) name: String,
    pub(crate) every: Every,
    pub(crate) kind: &'static str,
    pub(crate) payload: serde_json::Value,
    pub(crate) priority: i16,
    pub(crate) max_attempts: i32,
}

impl Schedule {
    /// Enqueues `job` at each due time of `every`.
    pub fn new<J: Job>(name: impl Into<String>, every: Every, job: &J) -> anyhow::Result<Self> {
        Ok(Self {
            name: name.into(),
            every,
            kind: J::KIND,
            payload: serde_json::to_value(job)?,
            priority: J::PRIORITY,
            max_attempts: J::MAX_ATTEMPTS.max(1),
        })
    }

    /// When a schedule seen for the first time is due: intervals at once, daily ones at their time.
    pub(crate) fn first_run(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.every {
            Every::Interval(_) => now,
            Every::DailyAt(_) => self.every.next_after(now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
    }

    #[test]
    fn daily_schedules_come_due_at_their_time_today_or_tomorrow() {
        let daily = Every::DailyAt(NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default());
        assert_eq!(daily.next_after(at("2026-12-02T00:30:00Z")), at("2026-12-02T01:00:00Z"));
        assert_eq!(daily.next_after(at("2026-12-02T01:00:00Z")), at("2026-12-03T01:00:00Z"));
    }

    #[test]
    fn intervals_count_from_now() {
        let every = Every::Interval(Duration::minutes(5));
        assert_eq!(every.next_after(at("2026-12-02T00:30:00Z")), at("2026-12-02T00:35:00Z"));
    }
}
