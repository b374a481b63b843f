//! `latih seed --demo` is safe to run twice.

use latih_courses::entity::course;
use latih_identity::entity::user;
use latih_tests::TestApp;
use sea_orm::{EntityTrait, PaginatorTrait};

#[actix_web::test]
async fn seeding_twice_adds_nothing_the_second_time() {
    let app = TestApp::new().await;
    let (accounts, added) = latih_server::seed::demo(&app.state).await.expect("seed");
    assert_eq!(added, 3);
    assert!(accounts.len() >= 5);
    let people = user::Entity::find().count(&app.db).await.expect("count");
    let (_, again) = latih_server::seed::demo(&app.state).await.expect("seed again");
    assert_eq!(again, 0);
    assert_eq!(user::Entity::find().count(&app.db).await.expect("count"), people);
    let courses = course::Entity::find().all(&app.db).await.expect("courses");
    assert_eq!(courses.len(), 3);
    assert!(courses.iter().all(|c| c.status == latih_courses::model::CourseStatus::Published));
}
