//! Curation commands (`merge`, `split`, `rename`, `alias`, `suppress`, `curations`): hand
//! corrections to the entity graph, stored as events and re-applied after re-ingestion.
//!
//! An entity is named as `show` takes it (name, alias or a unique part of one) or as `#ID`.

use crate::output::{Global, Outcome, print_json, print_table, shorten};
use clap::Subcommand;
use engine::Engine;

#[derive(Debug, Subcommand)]
pub enum CurateCommand {
    /// Merge entity B into entity A: B's aliases, mentions, quotes and facts move to A.
    Merge {
        /// The entity that stays.
        a: String,
        /// The entity merged into A (it disappears).
        b: String,
    },
    /// Move one alias of an entity, with its mentions, to an entity of its own.
    Split {
        /// The entity that has the alias.
        name: String,
        /// The alias to split off.
        #[arg(long)]
        alias: String,
    },
    /// Give an entity a new canonical name (kept from now on).
    Rename { name: String, new: String },
    /// Add or remove an alias of an entity.
    #[command(subcommand)]
    Alias(AliasCommand),
    /// Hide a false-positive entity from `entities`, `show` and `quotes`; it stays hidden.
    Suppress { name: String },
    /// List the hand corrections made, in order.
    Curations,
}

#[derive(Debug, Subcommand)]
pub enum AliasCommand {
    /// NAME is also called X: X resolves to NAME from now on.
    Add { name: String, alias: String },
    /// X is not a name of NAME: it never joins NAME again.
    Remove { name: String, alias: String },
}

pub fn run(g: &Global, cmd: CurateCommand) -> anyhow::Result<Outcome> {
    let mut engine = Engine::open(&g.db)?;
    let (done, what) = match cmd {
        CurateCommand::Merge { a, b } => (engine.merge(&a, &b)?, format!("merged {b:?} into")),
        CurateCommand::Split { name, alias } => (
            engine.split(&name, &alias)?,
            format!("split {alias:?} off {name:?} into"),
        ),
        CurateCommand::Rename { name, new } => {
            (engine.rename(&name, &new)?, format!("renamed {name:?} to"))
        }
        CurateCommand::Alias(AliasCommand::Add { name, alias }) => (
            engine.add_alias(&name, &alias)?,
            format!("added alias {alias:?} to"),
        ),
        CurateCommand::Alias(AliasCommand::Remove { name, alias }) => (
            engine.remove_alias(&name, &alias)?,
            format!("removed alias {alias:?} from {name:?}; its mentions are now on"),
        ),
        CurateCommand::Suppress { name } => {
            (engine.suppress(&name)?, format!("suppressed {name:?} as"))
        }
        CurateCommand::Curations => {
            let events = engine.curation_events()?;
            if g.json {
                print_json(&events)?;
            } else {
                let rows: Vec<Vec<String>> = events
                    .iter()
                    .map(|e| {
                        vec![
                            e.seq.to_string(),
                            e.kind.clone(),
                            shorten(&e.args.to_string(), 100),
                        ]
                    })
                    .collect();
                print_table(&["#", "kind", "arguments"], &rows);
            }
            return Ok(Outcome::Ok);
        }
    };
    if g.json {
        print_json(&done)?;
    } else if !g.quiet {
        println!(
            "{what} '{}' [{}] (id {}); event #{}, {} mention(s) moved",
            done.entity.name, done.entity.label, done.entity.id, done.event, done.moved_mentions
        );
    }
    Ok(Outcome::Ok)
}
