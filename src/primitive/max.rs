//! `max`: the largest duration over the rows.

use super::{Fingerprint, FoldRow, Parts, Primitive, Sql, Unfit, Words, write_duration};
use crate::metrics::{Evidence, MetricValue};
use crate::model::{FieldId, Table};
use crate::rules::describe::duration;
use crate::spec::Duration;
use crate::warehouse::query::{Query, Res};

#[derive(Debug, Clone)]
pub struct Max {
    pub duration: Duration,
}

/// The largest duration so far, if any.
#[derive(Debug, Default)]
pub struct Largest(Option<f64>);

impl Primitive for Max {
    const NAME: &'static str = "max";
    type State = Largest;

    fn compile(p: &mut Parts) -> Result<Self, Unfit> {
        Ok(Max {
            duration: p.duration()?,
        })
    }

    fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        self.duration.needs(table, out);
    }

    fn duration(&self) -> Option<&Duration> {
        Some(&self.duration)
    }

    fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
        p.duration = Some(&self.duration);
    }

    #[inline]
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, max: &mut Largest) -> bool {
        let Some(d) = row.duration(&self.duration) else {
            return false;
        };
        ev.count += 1;
        if max.0.is_none_or(|m| d > m) {
            max.0 = Some(d);
        }
        true
    }

    fn finish(&self, max: &Largest, _: i64, out: &mut MetricValue) {
        out.value = max.0;
    }

    fn describe(&self, w: &Words) -> String {
        format!(
            "the largest {} over {}",
            duration(w.table, &self.duration),
            w.rows
        )
    }

    fn write_value(&self, out: &mut String, v: f64) {
        write_duration(out, v, self.duration.unit);
    }

    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
        q.duration_rows(s, &self.duration);
        Ok(())
    }

    fn sql_group(&self, _: &mut Query, s: &mut Sql) -> Res<()> {
        s.aggs.push("COUNT(*) AS n_rows".into());
        s.aggs.push("0 AS n_hits".into());
        s.aggs.push("MAX(m.k_dur) AS k_agg".into());
        Ok(())
    }

    fn sql_value(&self, q: &Query, g: &str) -> String {
        format!("CAST({g}.k_agg AS {})", q.d.double_type())
    }
}
