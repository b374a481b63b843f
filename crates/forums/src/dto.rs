//! Request and response bodies of the forums and mentoring endpoints.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::model::ThreadKind;

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct AuthorRef {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub kind: ThreadKind,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    /// `body` rendered to sanitized HTML.
    pub body_html: String,
    pub author: Option<AuthorRef>,
    pub pinned: bool,
    pub locked: bool,
    pub accepted_post_id: Option<Uuid>,
    pub post_count: i32,
    pub last_post_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Whether the caller gets notified of new posts.
    pub subscribed: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateThread {
    pub title: String,
    pub body: String,
    pub kind: ThreadKind,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadListParams {
    /// `latest` (default): newest activity first; `unanswered`: questions without an accepted
    /// answer.
    pub sort: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PostDto {
    pub id: Uuid,
    pub thread_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub author: Option<AuthorRef>,
    /// Markdown as written; empty when the post was removed or hidden.
    pub body: String,
    /// Sanitized HTML of `body`.
    pub body_html: String,
    pub removed: bool,
    pub hidden: bool,
    pub edited_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreatePost {
    pub body: String,
    /// Reply to this post (one level deep: the parent must not be a reply itself).
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdatePost {
    pub body: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct Flag {
    /// Default true; false undoes it.
    pub value: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateReport {
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDto {
    pub id: Uuid,
    pub post_id: Uuid,
    pub reason: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateMentorship {
    pub mentor_id: Uuid,
    pub mentee_id: Uuid,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub goals: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MentorshipDto {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub mentor: AuthorRef,
    pub mentee: AuthorRef,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Only for the mentor and the mentee.
    pub goals: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateMessage {
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    pub id: Uuid,
    pub author_id: Uuid,
    pub body: String,
    pub body_html: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateLog {
    pub met_on: NaiveDate,
    pub minutes: i32,
    pub summary: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LogDto {
    pub id: Uuid,
    pub mentorship_id: Uuid,
    pub met_on: NaiveDate,
    pub minutes: i32,
    pub summary: Option<String>,
    pub confirmed: bool,
    pub confirmed_at: Option<DateTime<Utc>>,
}
