//! Lesson materials: staff of a course whose lessons use a file, and learners enrolled in it,
//! may read the file, when it is a `lesson` file of that course's organization (a lesson never
//! opens another organization's files or claim evidence, whatever was stored before the checks);
//! a file a lesson points at may not be deleted. Both are asked in the caller's transaction.

use latih_kernel::{ApiResult, AuthUser};
use latih_media::MediaPolicy;
use latih_media::entity::media;
use latih_media::model::Purpose;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::access::{self, Relation};
use crate::entity::lesson;

pub struct LessonMedia;

#[async_trait::async_trait]
impl MediaPolicy for LessonMedia {
    async fn may_read(&self, txn: &DatabaseTransaction, actor: &AuthUser, media_id: Uuid) -> ApiResult<bool> {
        let Some(file) = media::Entity::find_by_id(media_id).one(txn).await? else { return Ok(false) };
        if file.purpose != Purpose::Lesson {
            return Ok(false);
        }
        let lessons = lesson::Entity::find().filter(lesson::Column::MediaId.eq(media_id)).all(txn).await?;
        let mut courses: Vec<Uuid> = lessons.into_iter().map(|l| l.course_id).collect();
        courses.sort();
        courses.dedup();
        for course_id in courses {
            match access::course_access(txn, actor, course_id).await {
                Ok(access) if file.organization_id != Some(access.course.organization_id) => {}
                Ok(access) if matches!(access.relation, Relation::Staff | Relation::Enrolled(_)) => return Ok(true),
                Ok(_) | Err(latih_kernel::ApiError::NotFound(_)) => {}
                Err(other) => return Err(other),
            }
        }
        Ok(false)
    }

    async fn in_use(&self, txn: &DatabaseTransaction, media_id: Uuid) -> ApiResult<bool> {
        Ok(lesson::Entity::find().filter(lesson::Column::MediaId.eq(media_id)).count(txn).await? > 0)
    }
}
