//! The words of the quizzes domain, stored as text and spoken in snake_case on the wire.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use latih_kernel::text_enum;

text_enum!(
    /// `graded` counts toward completion when required; `practice` never does; `pre_test` and
    /// `post_test` measure learning gain.
    QuizKind { Graded = "graded", Practice = "practice", PreTest = "pre_test", PostTest = "post_test" }
);

text_enum!(
    /// What a question asks for.
    QuestionType {
        SingleChoice = "single_choice",
        MultipleChoice = "multiple_choice",
        TrueFalse = "true_false",
        ShortAnswer = "short_answer",
        Numeric = "numeric",
        Essay = "essay",
    }
);

text_enum!(
    /// What a learner sees of a submitted attempt: the score only; which answers were right;
    /// also the right answers; also the explanations.
    ReviewPolicy { ScoreOnly = "score_only", Correctness = "correctness", CorrectAnswers = "correct_answers", Explanations = "explanations" }
);

text_enum!(
    /// Which attempt is the quiz's result: the best, or the latest.
    ResultPolicy { Best = "best", Latest = "latest" }
);

text_enum!(
    /// `in_progress` until submitted or past its deadline; `pending_review` while essays wait
    /// for staff; then `graded`, which is final.
    AttemptStatus { InProgress = "in_progress", PendingReview = "pending_review", Graded = "graded" }
);

impl QuestionType {
    pub fn has_options(self) -> bool {
        matches!(self, QuestionType::SingleChoice | QuestionType::MultipleChoice | QuestionType::TrueFalse)
    }
}

/// An option of a choice question as stored (in a JSON column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredOption {
    pub id: Uuid,
    pub text: String,
    pub correct: bool,
}

/// A learner's answer as stored (in a JSON column).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum StoredResponse {
    Options { option_ids: Vec<Uuid> },
    Text { text: String },
    Number { number: f64 },
}
