//! `cchc config example | show`.

use std::process::ExitCode;

use cchc_app::config::{Config, EXAMPLE};
use clap::Subcommand;

#[derive(Subcommand)]
pub enum ConfigCmd {
    /// Print a commented example of every setting.
    Example,
    /// Print the configuration in effect (secrets hidden).
    Show,
}

pub fn run(config: Config, cmd: ConfigCmd) -> anyhow::Result<ExitCode> {
    match cmd {
        ConfigCmd::Example => print!("{EXAMPLE}"),
        ConfigCmd::Show => println!("{config:#?}"),
    }
    Ok(ExitCode::SUCCESS)
}
