//! The command line: `quorum serve | worker | migrate | demo`, and the flags
//! that override settings.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::app::settings::Layer;
use crate::infra::settings::Settings;

/// quorum: meetings and working groups of a users' club.
#[derive(Debug, Parser)]
#[command(name = "quorum", version, about)]
pub struct Cli {
    /// Settings file (default: quorum.toml in the working directory, if any).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, global = true, value_name = "ADDRESS")]
    pub listen: Option<String>,
    /// sqlite://PATH or postgres://USER@HOST/DATABASE.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Public address of the site, used in mails and feeds.
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, then serve the web application and send the mail.
    Serve {
        /// Load the demo club first.
        #[arg(long)]
        demo: bool,
    },
    /// Apply migrations, then only send the mail, until SIGTERM or Ctrl-C.
    Worker,
    /// Apply pending migrations.
    Migrate,
    /// Load the demo club (idempotent).
    Demo,
    /// Manage people.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage personal access tokens.
    #[command(subcommand)]
    Token(TokenCommand),
}

/// `quorum user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a person (the first admin, say).
    Add {
        /// Their email address.
        #[arg(long)]
        email: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// The slug of their body.
        #[arg(long, value_name = "SLUG")]
        org: Option<String>,
        /// Manager of the body given by --org.
        #[arg(long)]
        manager: bool,
        /// Club administrator.
        #[arg(long)]
        admin: bool,
    },
}

/// `quorum token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a new personal access token for a person.
    Issue {
        /// Whose token.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

impl Cli {
    /// Defaults, then the settings file, then `QUORUM_*`, then the flags.
    pub fn settings(&self) -> Result<Settings, String> {
        self.layer()?.resolve()
    }

    /// The settings file, `QUORUM_*` and the flags stacked, not yet checked
    /// (`main` reads the log format there before anything is logged).
    pub fn layer(&self) -> Result<Layer, String> {
        let environment = Layer::from_env(|name| std::env::var(name).ok())?;
        let file = match self
            .config
            .clone()
            .or_else(|| std::env::var_os("QUORUM_CONFIG").map(PathBuf::from))
        {
            Some(path) => Layer::from_file(&path)?,
            None if std::path::Path::new("quorum.toml").exists() => {
                Layer::from_file(std::path::Path::new("quorum.toml"))?
            }
            None => Layer::default(),
        };
        let flags = Layer {
            listen: self.listen.clone(),
            database_url: self.database_url.clone(),
            base_url: self.base_url.clone(),
            ..Layer::default()
        };
        Ok(file.merged(environment).merged(flags))
    }
}
