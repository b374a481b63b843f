//! Request and response bodies of the development endpoints.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::model::{AssessmentMethod, CompetencyType, Tier};

/// What one level of a competency looks like in behaviour.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct LevelDescription {
    /// 1 to 5.
    pub level: i32,
    pub description: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCompetency {
    /// Unique among the national entries and the organization's own, e.g. `MNJ-01`.
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: CompetencyType,
    #[serde(default)]
    pub description: String,
    /// Exactly one description for each level 1 to 5.
    pub levels: Vec<LevelDescription>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyDto {
    pub id: Uuid,
    /// `null` for a national entry.
    pub organization_id: Option<Uuid>,
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: CompetencyType,
    pub description: String,
    pub levels: Vec<LevelDescription>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompetencyFilter {
    #[serde(rename = "type")]
    pub kind: Option<CompetencyType>,
    /// Matches code or name, ignoring case.
    pub q: Option<String>,
}

/// A competency at a level: what a position requires or a course develops.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct CompetencyLevel {
    pub competency_id: Uuid,
    /// 1 to 5.
    pub level: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePosition {
    pub name: String,
    pub tier: Tier,
    #[serde(default)]
    pub requirements: Vec<CompetencyLevel>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PositionDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub name: String,
    pub tier: Tier,
    pub requirements: Vec<CompetencyLevel>,
    pub created_at: DateTime<Utc>,
}

/// What a course develops, up to which level; replaces the whole list.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct CourseCompetencies {
    pub items: Vec<CompetencyLevel>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateAssessment {
    pub competency_id: Uuid,
    /// 1 to 5.
    pub level: i32,
    pub method: AssessmentMethod,
    pub assessed_on: NaiveDate,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDto {
    pub id: Uuid,
    pub user_id: Uuid,
    pub competency_id: Uuid,
    pub level: i32,
    pub method: AssessmentMethod,
    pub assessed_on: NaiveDate,
    pub assessed_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A course that develops a competency far enough to close a gap.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendedCourse {
    pub id: Uuid,
    pub title: String,
    pub jp: i32,
    /// The level the course develops the competency to.
    pub level: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyGap {
    pub competency_id: Uuid,
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: CompetencyType,
    pub required_level: i32,
    /// The latest level by the most trusted method; `null` when never assessed.
    pub current_level: Option<i32>,
    /// How many levels short, never below 0 (an unassessed competency counts from 0).
    pub gap: i32,
    /// Published courses the person may take that develop the competency to at least the
    /// required level, closest fit first; empty when there is no gap.
    pub recommended_courses: Vec<RecommendedCourse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompetencyGaps {
    pub user_id: Uuid,
    /// `null` when the person has no position yet (then there are no items).
    pub position_id: Option<Uuid>,
    pub items: Vec<CompetencyGap>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PlanItemInput {
    /// The competency the activity develops, from the person's dictionary.
    pub competency_id: Option<Uuid>,
    pub activity: crate::model::Activity,
    /// Required when `activity` is `course`, absent otherwise.
    pub course_id: Option<Uuid>,
    /// Defaults to the course title for a course item.
    #[serde(default)]
    pub title: Option<String>,
    /// 1 to 200.
    pub planned_jp: i32,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePlan {
    /// This year or next, in the organization's time zone.
    pub year: i32,
    /// 1 to 50 items.
    pub items: Vec<PlanItemInput>,
}

/// New items for a draft or rejected plan; they replace the old ones.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePlan {
    /// 1 to 50 items.
    pub items: Vec<PlanItemInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectPlan {
    pub reason: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanFilter {
    pub year: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanItemDto {
    pub id: Uuid,
    pub competency_id: Option<Uuid>,
    pub activity: crate::model::Activity,
    pub course_id: Option<Uuid>,
    pub title: String,
    pub planned_jp: i32,
    /// From the JP ledger of the plan's year: the course's completion for a course item; approved
    /// mentoring hours for mentoring items and approved claims for the other activities, filled
    /// in item order, each up to its plan, any surplus on the last.
    pub earned_jp: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDto {
    pub id: Uuid,
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub year: i32,
    pub status: crate::model::PlanStatus,
    pub reason: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub planned_jp: i32,
    pub earned_jp: i32,
    pub items: Vec<PlanItemDto>,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct EvaluationItem {
    /// Chosen by the course staff, unique in the form, e.g. `relevance`.
    pub id: String,
    pub kind: crate::model::ItemKind,
    pub text: String,
}

/// The survey form; `required` makes completion wait for the learner's response. The
/// `behaviour_items` go to the learner's supervisor `follow_up_days` after completion.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct EvaluationForm {
    #[serde(default)]
    pub required: bool,
    pub items: Vec<EvaluationItem>,
    /// 1 to 730; default 90.
    #[serde(default = "default_follow_up_days")]
    pub follow_up_days: i32,
    /// Up to 30; none means no follow-up.
    #[serde(default)]
    pub behaviour_items: Vec<EvaluationItem>,
}

fn default_follow_up_days() -> i32 {
    90
}

/// A behaviour follow-up due to a supervisor for one of their staff's completed courses.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpDto {
    /// The completed enrolment's id.
    pub id: Uuid,
    pub learner: crate::dto::PersonRef,
    pub course: crate::dto::CourseRef,
    pub due_on: NaiveDate,
    /// `due` or `answered`.
    pub status: String,
    pub items: Vec<EvaluationItem>,
}

/// The learner a follow-up is about. Its schema has a name of its own: the courses crate's
/// `PersonRef` (instructors, speakers) and `LearnerRef` carry more fields.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = FollowUpLearner)]
pub struct PersonRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CourseRef {
    pub id: Uuid,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct Answer {
    pub item_id: String,
    /// 1 to 5 for a likert item, text for a text item.
    #[schema(value_type = Object)]
    pub value: serde_json::Value,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EvaluationResponse {
    pub answers: Vec<Answer>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationReceipt {
    pub course_id: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemSummary {
    pub id: String,
    pub kind: crate::model::ItemKind,
    pub text: String,
    /// Answers to this item.
    pub answered: u64,
    /// Likert items: the mean of 1 to 5.
    pub mean: Option<f64>,
    /// Likert items: how many answered 1, 2, 3, 4 and 5.
    pub distribution: Option<[u64; 5]>,
    /// Text items: the comments in alphabetical order, without names or times.
    pub comments: Option<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationSummary {
    pub course_id: Uuid,
    pub respondents: u64,
    /// Below this many respondents the items are withheld.
    pub minimum_respondents: u64,
    /// `null` while fewer than `minimum_respondents` answered.
    pub items: Option<Vec<ItemSummary>>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CourseReportParams {
    /// Defaults to the caller's organization.
    pub organization_id: Option<Uuid>,
    /// Defaults to this year in the organization's time zone.
    pub year: Option<i32>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GapReportParams {
    /// Defaults to the caller's organization.
    pub organization_id: Option<Uuid>,
}

/// One of the organization's courses over a year. Means of survey and follow-up answers are
/// withheld (null) below three respondents.
#[derive(Debug, Serialize, ToSchema)]
pub struct CourseReportRow {
    pub course_id: Uuid,
    pub title: String,
    pub jp: i32,
    /// Enrolments made in the year, withdrawals excluded.
    pub participants: u64,
    /// Of those, how many completed.
    pub completed: u64,
    /// Percent, one decimal; null without participants.
    pub completion_rate: Option<f64>,
    pub evaluation_respondents: u64,
    /// Mean of every likert answer (1 to 5) in the year's survey responses.
    pub mean_evaluation: Option<f64>,
    /// Mean normalized gain from pre-test to post-test (the quizzes crate's figure).
    pub mean_learning_gain: Option<f64>,
    pub follow_up_respondents: u64,
    /// Mean of every likert answer (1 to 5) in the year's supervisor follow-ups.
    pub mean_follow_up: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CourseReport {
    pub organization_id: Uuid,
    pub year: i32,
    pub courses: Vec<CourseReportRow>,
}

/// One competency in one unit: the people whose position requires it there.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapReportRow {
    pub competency_id: Uuid,
    pub code: String,
    pub name: String,
    /// Null for people in no unit.
    pub unit_id: Option<Uuid>,
    pub unit_name: Option<String>,
    /// People whose position requires the competency.
    pub people: u64,
    /// Of those, how many have an assessment.
    pub assessed: u64,
    /// Of the assessed, how many are below the required level.
    pub below_requirement: u64,
    /// Mean gap over the assessed, two decimals.
    pub mean_gap: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapReport {
    pub organization_id: Uuid,
    pub rows: Vec<GapReportRow>,
}
