//! The data dir holds secrets (the generated JWT secret, the SQLite database, media files):
//! folders made for it are 0700 and such files 0600, whatever the umask lets through.

use std::io;
use std::path::Path;

/// Creates `path` and any missing parent as folders only their owner may enter.
pub fn create_private_dir(path: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)
}

/// Options that create a new file only its owner may read and write.
pub fn private_file_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates an empty private file at `path` unless something is there already.
pub fn touch_private_file(path: &Path) -> io::Result<()> {
    match private_file_options().open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}
