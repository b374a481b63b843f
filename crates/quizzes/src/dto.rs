//! Request and response bodies of the quizzes endpoints.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::model::{AttemptStatus, QuestionType, QuizKind, ResultPolicy, ReviewPolicy, StoredResponse};

#[derive(Debug, Serialize, ToSchema)]
pub struct QuizDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub title: String,
    pub kind: QuizKind,
    /// Any positive number of seconds; `null` for no limit.
    pub time_limit_seconds: Option<i32>,
    /// `null` for unlimited attempts.
    pub max_attempts: Option<i32>,
    pub pass_percent: f64,
    pub shuffle_questions: bool,
    pub shuffle_options: bool,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    /// Draw this many questions from the pool for each attempt; `null` for all.
    pub questions_per_attempt: Option<i32>,
    pub review_policy: ReviewPolicy,
    pub result_policy: ResultPolicy,
    pub question_count: u64,
    pub version: i32,
    /// The caller's result (best or latest graded attempt, per `result_policy`).
    pub my_result: Option<QuizResult>,
}

/// The result of a quiz for one learner: the attempt chosen by the result policy.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct QuizResult {
    pub attempt_id: Uuid,
    pub percent: f64,
    pub passed: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateQuiz {
    pub title: String,
    pub kind: QuizKind,
    pub time_limit_seconds: Option<i32>,
    pub max_attempts: Option<i32>,
    /// 0 to 100; default 70.
    pub pass_percent: Option<f64>,
    #[serde(default)]
    pub shuffle_questions: bool,
    #[serde(default)]
    pub shuffle_options: bool,
    pub opens_at: Option<DateTime<Utc>>,
    pub closes_at: Option<DateTime<Utc>>,
    pub questions_per_attempt: Option<i32>,
    /// Default `correctness`.
    pub review_policy: Option<ReviewPolicy>,
    /// Default `best`.
    pub result_policy: Option<ResultPolicy>,
}

/// Settings to change; absent fields stay, `null` clears an optional one.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct UpdateQuiz {
    pub title: Option<String>,
    pub kind: Option<QuizKind>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<i32>)]
    pub time_limit_seconds: Option<Option<i32>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<i32>)]
    pub max_attempts: Option<Option<i32>>,
    pub pass_percent: Option<f64>,
    pub shuffle_questions: Option<bool>,
    pub shuffle_options: Option<bool>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub opens_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub closes_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "latih_kernel::extract::double_option")]
    #[schema(value_type = Option<i32>)]
    pub questions_per_attempt: Option<Option<i32>>,
    pub review_policy: Option<ReviewPolicy>,
    pub result_policy: Option<ResultPolicy>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OptionInput {
    pub text: String,
    #[serde(default)]
    pub correct: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateQuestion {
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    pub prompt: String,
    /// For choice questions (`true_false` may omit them: Benar/Salah are made, with `correct_answer`).
    #[serde(default)]
    pub options: Vec<OptionInput>,
    /// For `short_answer`.
    #[serde(default)]
    pub accepted_answers: Vec<String>,
    /// For `numeric`.
    pub numeric_value: Option<f64>,
    /// For `numeric`; 0 or more.
    pub tolerance: Option<f64>,
    /// For `true_false` without options: whether the statement is true.
    pub correct_answer: Option<bool>,
    /// Default 1.
    pub points: Option<f64>,
    pub explanation: Option<String>,
}

/// A question with its answer key, for staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionDto {
    pub id: Uuid,
    pub quiz_id: Uuid,
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    pub prompt: String,
    pub options: Vec<OptionDto>,
    pub accepted_answers: Vec<String>,
    pub numeric_value: Option<f64>,
    pub tolerance: Option<f64>,
    pub points: f64,
    pub explanation: Option<String>,
    pub position: i32,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OptionDto {
    pub id: Uuid,
    pub text: String,
    pub correct: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatParam {
    /// `aiken` or `gift`.
    pub format: String,
}

/// What an Aiken or GIFT question import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionImportReport {
    pub imported: u32,
    pub errors: Vec<ImportError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportError {
    /// The line the bad question starts on.
    pub line: u64,
    pub message: String,
}

/// An option as a learner sees it: no hint of correctness.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptOption {
    pub id: Uuid,
    pub text: String,
}

/// A question as drawn for an attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptQuestion {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    pub prompt: String,
    pub points: f64,
    pub options: Vec<AttemptOption>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptStarted {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub number: i32,
    pub started_at: DateTime<Utc>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub questions: Vec<AttemptQuestion>,
}

/// An answer: exactly one of `option_ids`, `text` or `number`, as the question's type needs.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerInput {
    pub option_ids: Option<Vec<Uuid>>,
    pub text: Option<String>,
    pub number: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SavedAnswer {
    pub attempt_id: Uuid,
    pub question_id: Uuid,
    pub response: StoredResponse,
    pub saved_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptResultDto {
    pub id: Uuid,
    pub status: AttemptStatus,
    /// `null` while essays wait for staff.
    pub score: Option<f64>,
    pub max_score: f64,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
}

/// One question of an attempt as the reader may see it: correctness, right answers and
/// explanations appear only as the review policy (or staff) allows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedQuestion {
    pub id: Uuid,
    #[serde(rename = "type")]
    pub question_type: QuestionType,
    pub prompt: String,
    pub points: f64,
    pub options: Vec<AttemptOption>,
    pub response: Option<StoredResponse>,
    pub awarded: Option<f64>,
    pub correct: Option<bool>,
    pub correct_option_ids: Option<Vec<Uuid>>,
    pub accepted_answers: Option<Vec<String>>,
    pub numeric_value: Option<f64>,
    pub explanation: Option<String>,
    pub feedback: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptView {
    pub id: Uuid,
    pub quiz_id: Uuid,
    pub user_id: Uuid,
    pub number: i32,
    pub status: AttemptStatus,
    pub started_at: DateTime<Utc>,
    pub deadline_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub score: Option<f64>,
    pub max_score: f64,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub questions: Vec<ReviewedQuestion>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct GradeInput {
    pub question_id: Uuid,
    pub points: f64,
    pub feedback: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionStatistics {
    pub question_id: Uuid,
    pub prompt: String,
    /// Graded attempts that drew the question.
    pub attempts: u64,
    /// Mean share of the points earned, 0 to 1.
    pub facility: Option<f64>,
    /// Correlation of the question's score with the rest of the test, -1 to 1.
    pub discrimination: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuizStatistics {
    pub quiz_id: Uuid,
    pub graded_attempts: u64,
    pub questions: Vec<QuestionStatistics>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearnerGain {
    pub user_id: Uuid,
    pub name: String,
    pub pre: f64,
    pub post: f64,
    /// `(post - pre) / (100 - pre)`; `null` when the pre-test was perfect.
    pub gain: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LearningGain {
    pub course_id: Uuid,
    pub learners: Vec<LearnerGain>,
    pub average_pre: Option<f64>,
    pub average_post: Option<f64>,
    pub average_gain: Option<f64>,
}
