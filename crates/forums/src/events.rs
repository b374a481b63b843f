//! The domain events forums publish, in the transaction of the change, for integrators
//! (webhooks, xAPI) that read them by name.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A reply was posted in a course forum thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForumReply {
    pub post_id: Uuid,
    pub thread_id: Uuid,
    pub course_id: Uuid,
    /// The post it answers, when it answers one post rather than the thread.
    pub parent_id: Option<Uuid>,
    pub author_id: Uuid,
    /// The course's organization, whose webhooks hear of it.
    pub organization_id: Uuid,
    pub created_at: DateTime<Utc>,
}

impl latih_jobs::Event for ForumReply {
    const NAME: &'static str = "forum.reply";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}

/// A message was sent in a mentoring pair. What it says stays private to the pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentoringMessage {
    pub message_id: Uuid,
    pub mentorship_id: Uuid,
    pub author_id: Uuid,
    pub recipient_id: Uuid,
    pub organization_id: Uuid,
    pub created_at: DateTime<Utc>,
}

impl latih_jobs::Event for MentoringMessage {
    const NAME: &'static str = "mentoring.message";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}
