//! The domain events quizzes publish, in the transaction of the change, for subscribers in any
//! crate and for generic consumers (webhooks, xAPI) that read them by name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An attempt got its final grade (objective questions at submit or deadline, or the last
/// essay graded by staff). Published once per attempt: grading happens once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuizAttemptGraded {
    pub attempt_id: Uuid,
    pub quiz_id: Uuid,
    pub course_id: Uuid,
    pub user_id: Uuid,
    /// The learner's organization, whose webhooks hear of it.
    pub organization_id: Option<Uuid>,
    /// 1 for the learner's first attempt at the quiz.
    pub number: i32,
    pub score: f64,
    pub max_score: f64,
    pub percent: f64,
    pub passed: bool,
    pub graded_at: DateTime<Utc>,
}

impl latih_jobs::Event for QuizAttemptGraded {
    const NAME: &'static str = "quiz.attempt_graded";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}
