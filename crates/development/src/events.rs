//! The domain events of the development crate, published in the transaction of the change.

use chrono::NaiveDate;
use latih_jobs::Event;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A submitted development plan was approved or rejected (sent back with a reason).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevelopmentPlanDecided {
    pub plan_id: Uuid,
    /// The plan's owner.
    pub user_id: Uuid,
    pub organization_id: Uuid,
    pub year: i32,
    /// `approved` or `rejected`.
    pub decision: String,
    /// Why it was rejected; none when approved.
    pub reason: Option<String>,
    pub decided_by: Uuid,
}

impl Event for DevelopmentPlanDecided {
    const NAME: &'static str = "development_plan.decided";

    fn organization_id(&self) -> Option<Uuid> {
        Some(self.organization_id)
    }
}

/// A supervisor's behaviour follow-up of a completed course fell due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDue {
    /// The follow-up's id, which is the completed enrolment's.
    pub follow_up_id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub learner_id: Uuid,
    pub supervisor_id: Uuid,
    pub due_on: NaiveDate,
    /// The learner's organization.
    pub organization_id: Option<Uuid>,
}

impl Event for FollowUpDue {
    const NAME: &'static str = "follow_up.due";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}
