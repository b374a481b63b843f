//! Tells courses which course a quiz belongs to, so a quiz lesson points only at a quiz of its
//! own course (courses cannot ask quizzes directly; the server wires this in).

use latih_courses::QuizDirectory;
use latih_kernel::ApiResult;
use sea_orm::{DatabaseConnection, EntityTrait};
use uuid::Uuid;

use crate::entity::quiz;

pub struct Quizzes;

#[async_trait::async_trait]
impl QuizDirectory for Quizzes {
    async fn course_of(&self, db: &DatabaseConnection, quiz_id: Uuid) -> ApiResult<Option<Uuid>> {
        Ok(quiz::Entity::find_by_id(quiz_id).one(db).await?.map(|q| q.course_id))
    }
}
