//! `newsgraph graph NAME --depth N` and `newsgraph path A B`: the network around an entity and
//! how two entities connect. (Owned by the graph work of issue 8.)

use crate::output::{Global, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The entity at the centre.
    pub name: String,
    /// How many hops out.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    pub a: String,
    pub b: String,
}

pub fn run_graph(g: &Global, args: GraphArgs) -> anyhow::Result<Outcome> {
    let _ = g;
    anyhow::bail!(crate::output::UserError(format!(
        "`graph {}` is not available in this build yet",
        args.name
    )))
}

pub fn run_path(g: &Global, args: PathArgs) -> anyhow::Result<Outcome> {
    let _ = g;
    anyhow::bail!(crate::output::UserError(format!(
        "`path {} {}` is not available in this build yet",
        args.a, args.b
    )))
}
