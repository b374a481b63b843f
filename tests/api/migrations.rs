//! Migrations go down and up again cleanly on the test database.

use latih_migrations::{Migrator, MigratorTrait};
use latih_tests::TestApp;

#[actix_web::test]
async fn migrations_go_down_and_up_again() {
    let app = TestApp::new().await;
    let applied = Migrator::get_applied_migrations(&app.db).await.expect("applied").len();
    assert_eq!(applied, Migrator::migrations().len());
    Migrator::down(&app.db, None).await.expect("down");
    assert!(Migrator::get_applied_migrations(&app.db).await.expect("applied").is_empty());
    Migrator::up(&app.db, None).await.expect("up again");
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    assert!(!org.is_nil(), "the schema works after the round trip");
}
