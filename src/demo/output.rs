//! The files of one resource: its legacy source CSV, its migrated file in each delivery, and the
//! tallies that count, delivery by delivery, what was written.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::schema::{DELIVERIES, Spec};
use super::sink::{Cell, MigratedFile, SourceCsv};
use super::tally::{Defect, Tally};

pub(crate) struct ResourceOut {
    source: SourceCsv,
    migrated: Vec<MigratedFile>,
    /// Where each migrated file is written (a temporary CSV for Parquet resources).
    written: Vec<PathBuf>,
    /// The final path of each migrated file.
    finals: Vec<PathBuf>,
    parquet: bool,
    tallies: Vec<Tally>,
}

impl ResourceOut {
    pub fn create(dir: &Path, spec: &Spec) -> Result<Self> {
        let source = SourceCsv::create(
            &dir.join("source").join(spec.source_file),
            spec.encoding,
            spec.source_columns,
        )?;
        let mut out = ResourceOut {
            source,
            migrated: Vec::new(),
            written: Vec::new(),
            finals: Vec::new(),
            parquet: spec.parquet,
            tallies: Vec::new(),
        };
        for (id, sub, _) in DELIVERIES {
            let final_path = dir.join(sub).join(spec.migrated_file);
            let path = if spec.parquet {
                dir.join(sub).join(format!("{}.tmp.csv", spec.name))
            } else {
                final_path.clone()
            };
            out.migrated
                .push(MigratedFile::create(&path, spec.layout, spec.columns)?);
            out.written.push(path);
            out.finals.push(final_path);
            out.tallies.push(Tally::new(
                id,
                spec.name,
                spec.columns,
                spec.key,
                spec.extra,
            ));
        }
        Ok(out)
    }

    /// One row of the legacy export (`""` = NULL).
    pub fn source_row(&mut self, fields: &[&str]) -> Result<()> {
        self.source.row(fields)
    }

    /// Writes `rows` under one key of a record that exists in the source, in delivery `d`;
    /// `expected` is `None` when the rules exclude that source row.
    pub fn deliver(
        &mut self,
        d: usize,
        expected: Option<&[Cell]>,
        rows: &[&[Cell]],
        defect: Option<Defect>,
    ) -> Result<()> {
        self.write(d, expected, true, rows, defect)
    }

    /// Writes rows that have no source record at all (e.g. test records of the new system).
    pub fn deliver_unknown(&mut self, d: usize, rows: &[&[Cell]], defect: Defect) -> Result<()> {
        self.write(d, None, false, rows, Some(defect))
    }

    fn write(
        &mut self,
        d: usize,
        expected: Option<&[Cell]>,
        in_source: bool,
        rows: &[&[Cell]],
        defect: Option<Defect>,
    ) -> Result<()> {
        for row in rows {
            self.migrated[d].row(row)?;
        }
        self.tallies[d].observe(expected, in_source, rows, defect);
        Ok(())
    }

    /// Flushes every file, converts Parquet resources, and returns the tallies (L1, L2).
    pub fn finish(self) -> Result<Vec<Tally>> {
        self.source.finish()?;
        for ((file, written), final_path) in self
            .migrated
            .into_iter()
            .zip(&self.written)
            .zip(&self.finals)
        {
            file.finish()?;
            if self.parquet {
                if final_path.exists() {
                    fs::remove_file(final_path)
                        .with_context(|| format!("cannot replace {}", final_path.display()))?;
                }
                crate::store::convert::csv_to_parquet(written, final_path)
                    .with_context(|| format!("cannot convert {} to Parquet", written.display()))?;
                fs::remove_file(written)
                    .with_context(|| format!("cannot remove {}", written.display()))?;
            }
        }
        Ok(self.tallies)
    }
}
