//! The domain events of the courses crate, published in the transaction of the change.

use chrono::NaiveDate;
use latih_jobs::Event;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An org admin assigned a course to a person, with or without a deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentAssigned {
    pub enrollment_id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub user_id: Uuid,
    /// The deadline, a date in the person's organization's time zone.
    pub due_on: Option<NaiveDate>,
    pub assigned_by: Uuid,
    /// The person's organization.
    pub organization_id: Option<Uuid>,
}

impl Event for EnrollmentAssigned {
    const NAME: &'static str = "enrollment.assigned";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}

/// An assigned course's deadline is `days_left` days away (7 or 1) and it is not completed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentDueSoon {
    pub enrollment_id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub user_id: Uuid,
    pub due_on: NaiveDate,
    pub days_left: i64,
    pub organization_id: Option<Uuid>,
}

impl Event for EnrollmentDueSoon {
    const NAME: &'static str = "enrollment.due_soon";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}

/// An assigned course's deadline passed yesterday (in the organization's time zone) and it is
/// not completed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollmentOverdue {
    pub enrollment_id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub user_id: Uuid,
    pub due_on: NaiveDate,
    pub organization_id: Option<Uuid>,
}

impl Event for EnrollmentOverdue {
    const NAME: &'static str = "enrollment.overdue";

    fn organization_id(&self) -> Option<Uuid> {
        self.organization_id
    }
}
