"""The ``orggraph`` command: a thin shell over the library API.

Exit codes: 0 success, 1 invalid input (``file:line: message`` on stderr),
2 wrong usage, 3 a bug in orggraph.
"""

from __future__ import annotations

import functools
import gc
import os
import stat
import sys
import traceback
from io import BytesIO
from pathlib import Path

import click

from .analysis.metrics import Metrics
from .analysis.summary import parse_buckets
from . import i18n, limits
from .errors import ErrorList, OrgError
from .i18n import gettext as _
from .io import FORMATS, format_of, lost_parts, save
from .io.tables import TABLE_SUFFIXES, parse_delimiter, parse_encoding, parse_map, sidecar_of
from .io.files import write_atomic
from .escape import terminal
from .load import apply_file, input_files, lineage_of, load, load_plan, usable_path
from .output.jsonout import write_metrics
from .output.labels import words_of
from .output.tables import compare_text, metrics_text
from .output.text import members_phrase, num
from .output.tree import tree_lines
from .version import __version__

# Imported where a command needs them, so that a command loads only what it uses:
# analysis.compare, output.dot (Graphviz), output.mermaid, output.report (Jinja2),
# output.workbook (XlsxWriter) and schemas.

EXAMPLES = """
\b
Examples:
  orggraph validate models/can-tho-2011.yaml
  orggraph show models/can-tho-2011.yaml --focus thot-not --depth 1
  orggraph export models/can-tho-2011.yaml -o can-tho.csv
"""


def same_file(a, b):
    """True if paths ``a`` and ``b`` name one file: the same device and inode (through
    links, bind mounts and case-insensitive file systems), or the same path."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # either does not exist (yet), or an unusable path
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, ValueError, RuntimeError):
            return False


#: Errors printed for one file before "… and N more".
ERRORS_SHOWN = 20


def error_text(exc, limit=None, more=None):
    """What the command line prints for an error: at most ``limit`` lines of them, then
    how many more and ``more`` (where to see them all), in the language in force."""
    errors = getattr(exc, "errors", [exc])
    # TRANSLATORS: an error that names no file
    text = "\n".join(terminal(e) if e.file else _("error: {message}").format(
        message=terminal(e)) for e in errors[:limit])
    if limit is not None and len(errors) > limit:
        # TRANSLATORS: after the errors shown; {more}: how to see every one
        text += "\n" + i18n.plural(len(errors) - limit, "… and {n} more error ({more})",
                                   "… and {n} more errors ({more})",
                                   more=more or _("orggraph validate FILE --all lists every one"))
    if exc.applied:
        text += _applied_text(exc)
    return text


def _applied_text(exc):
    """The steps a failing scenario applied before the step that failed."""
    done = len(exc.applied)
    steps = _("step 1") if done == 1 else _("steps 1–{n}").format(n=done)
    # TRANSLATORS: {steps} "step 1" or "steps 1–3"; {step} the step that failed
    lines = ["\n" + _("{steps} applied before step {step} failed (the model just before it: "
                      "orggraph show {file}@{done}):").format(steps=steps, step=exc.step,
                                                              file=exc.file, done=done)]
    shown = exc.applied[-ERRORS_SHOWN:]
    if len(shown) < done:
        lines.append("  " + _("… steps 1–{n} not shown (apply --until {done} --log lists every "
                              "one)").format(n=done - len(shown), done=done))
    lines += [terminal("  " + str(change).splitlines()[0]) for change in shown]
    return "\n".join(lines)


def check_output(out, inputs):
    """Refuse to write over one of the inputs (scenario bases included)."""
    for given in inputs:
        for path in input_files(given, sidecars=True):
            if same_file(out, path):
                raise OrgError(_("output path is one of the inputs ({path}); inputs are "
                                 "never modified").format(path=path), file=str(out))


def load_arg(path, profile=None, title=None):
    """The model at ``path``, loaded with the command's table options; the first
    model a command loads decides its language unless ``--lang`` did."""
    _columns_note(path)
    model = load(path, profile=profile, title=title, table=table_arg())
    i18n.adopt(model.lang)
    return model


def load_plan_arg(path, profile=None):
    """Like :func:`load_arg`, the :class:`~orggraph.load.Loaded` (model and result)."""
    _columns_note(path)
    loaded = load_plan(path, profile=profile, table=table_arg())
    i18n.adopt(loaded.model.lang)
    return loaded


def _columns_note(path):
    side = sidecar_of(path)
    if Path(path).suffix.lower() in TABLE_SUFFIXES and side.is_file():
        click.echo(_("note: the columns of {path} are as {side} says").format(
            path=path, side=side), err=True)


def chart_inputs(path, diff_base, profile):
    """``(model, base, lineage)`` of a chart: the model drawn, the model its changes are
    drawn against (None without ``--diff``) and the lineage from that base to it (None
    unless ``path`` is a scenario descending from ``diff_base``; without ``--diff``, the
    lineage of the scenario's own steps, if it is one)."""
    loaded = load_plan_arg(path, profile)
    if not diff_base:  # the lineage of a scenario's own steps: where its new units stand
        return loaded.model, None, loaded.result.lineage if loaded.result else None
    base = load_arg(diff_base, profile)
    return loaded.model, base, lineage_of(path, diff_base, loaded, base_model=base)


def table_arg():
    """The table options of the running command (``--delimiter``, ``--encoding``,
    ``--map``, ``--sheet``; see :func:`table_options`), or None."""
    ctx = click.get_current_context(silent=True)
    return None if ctx is None else ctx.meta.get("orggraph.table")


def complete_unit_ids(ctx, param, incomplete):
    """Shell completion of unit ids from the model named earlier on the command line."""
    path = ctx.params.get("path")
    if not path:  # while completing, click may not have stored the argument yet
        words = os.environ.get("COMP_WORDS", "").split()
        path = next((w for w in words[2:] if not w.startswith("-") and
                     w.lower().endswith((".yaml", ".yml", ".csv", ".json", ".graphml"))), None)
    if not path:
        return []
    try:
        model = load(path)
    except Exception:  # completion must never fail loudly
        return []
    return [uid for uid in model._ids if uid.startswith(incomplete) and uid in model][:200]


profile_option = click.option(
    "--profile", type=click.Choice(["cpv", "generic"]),
    help="Profile of CSV input (default generic); YAML and JSON models name their own.")


def _checked(parse, example):
    """A click callback: the option's value through ``parse``, or a usage error."""
    def callback(ctx, param, value):
        try:
            return None if value is None or value == () else parse(value)
        except ValueError as exc:
            raise click.BadParameter(_("{error}; for example {example}").format(
                error=exc, example=example)) from None
    return callback


def table_options(f):
    """Add ``--delimiter``, ``--encoding``, ``--map`` and ``--sheet``: how to read
    the tables (CSV files, workbooks) among a command's inputs, scenario bases
    included. The command does not see them: :func:`load_arg` passes them on."""
    @functools.wraps(f)
    def command(*args, delimiter, encoding, columns, sheet, **kwargs):
        given = {"delimiter": delimiter, "encoding": encoding, "columns": columns,
                 "sheet": sheet}
        click.get_current_context().meta["orggraph.table"] = \
            {k: v for k, v in given.items() if v is not None} or None
        return f(*args, **kwargs)

    for option in reversed([
            click.option("--delimiter", metavar="C", callback=_checked(
                parse_delimiter, "--delimiter ';' or --delimiter tab"),
                help="CSV input: the cell separator, ',' ';' or 'tab' (default: sniffed "
                     "from the header)."),
            click.option("--encoding", metavar="NAME", callback=_checked(
                parse_encoding, "--encoding cp1258"),
                help="CSV input: its encoding, e.g. cp1258 (default: UTF-8, or UTF-16 "
                     "with a BOM)."),
            click.option("--map", "columns", metavar="FIELD=COLUMN,...", multiple=True,
                         callback=_checked(parse_map, "--map id=employee_id,parent=manager_id"),
                         help="CSV and .xlsx input: the column holding each field, e.g. "
                              "id=employee_id,parent=manager_id (or NAME.columns.yaml "
                              "beside it)."),
            click.option("--sheet", metavar="NAME", help=".xlsx input: the sheet to read "
                         "(default: the first).")]):
        command = option(command)
    return command


def _give_lang(ctx, param, value):
    i18n.give(value)
    return value


#: ``--lang``, which every command takes (see :class:`Group`).
lang_option = click.option(
    "--lang", type=click.Choice(i18n.LANGUAGES), expose_value=False, is_eager=True,
    callback=_give_lang, help="Language of everything printed and drawn (default: the "
    "model's 'lang:', else ORGGRAPH_LANG, else LANG, else English).")


class Group(click.Group):
    def command(self, *args, **kwargs):
        """A command, with :data:`lang_option` added."""
        decorate = super().command(*args, **kwargs)
        return lambda f: decorate(lang_option(f))

    def parse_args(self, ctx, args):
        # --debug is accepted anywhere on the command line, not only before the command
        if "--debug" in args[1:]:
            args = ["--debug"] + [a for a in args if a != "--debug"]
        return super().parse_args(ctx, args)

    def invoke(self, ctx):
        with i18n.scope():  # the command's --lang, or its first model's, and no longer
            return self._invoke(ctx)

    def _invoke(self, ctx):
        debug = ctx.params.get("debug") or os.environ.get("ORGGRAPH_DEBUG")
        try:
            return super().invoke(ctx)
        except OrgError as exc:
            click.echo(error_text(exc, ERRORS_SHOWN), err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(_("interrupted"), err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:  # a bug in orggraph, not in the input
            if debug:
                traceback.print_exc()
            else:
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                click.echo(_("orggraph: internal error (a bug in orggraph, not in your input): "
                             "{error} at {where}. Please report it to the orggraph maintainers "
                             "with the command and files; --debug shows the traceback.").format(
                    error=f"{type(exc).__name__}: {exc}",
                    where=f"{Path(frame.filename).name}:{frame.lineno}"), err=True)
            ctx.exit(3)


@click.group(cls=Group, epilog=EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orggraph")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def main(debug):
    """orggraph: organisation hierarchies, restructuring scenarios, span-of-control
    metrics and org charts.

    Every PATH may be a model (.yaml, .csv, .json, .graphml) or a scenario
    file, which is applied to its base first.
    """
    try:
        i18n.refresh_environment()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    errors = ErrorList()
    for problem in limits.problems():  # in the environment's language
        errors.add(problem)
    errors.raise_if_any()


def _echo_findings(findings, file, limit=None):
    shown = findings if limit is None else findings[:limit]
    for f in shown:
        where = f"{file}:{f.line}: " if f.line else ""
        click.echo(terminal(f"  {where}{f.unit}: {f.rule}: {f.message}"))
    if len(shown) < len(findings):
        click.echo("  " + _("… and {n} more (--all shows every one)").format(
            n=num(len(findings) - len(shown))))


def _expand_folders(paths):
    """``paths`` with each folder replaced by the model files in and below it, sorted
    (not the columns files of tables, ``NAME.columns.yaml``, nor the lock files
    ``~$NAME.xlsx`` of an open workbook)."""
    out = []
    for path in paths:
        usable_path(path, path)
        if not Path(path).is_dir():
            out.append(path)
            continue
        found = sorted(str(p) for p in Path(path).rglob("*") if p.is_file()
                       and p.suffix.lower() in FORMATS
                       and not any(part.startswith(".") for part in p.relative_to(path).parts)
                       and not p.name.startswith("~$") and not _is_sidecar(p))
        if not found:
            raise OrgError(_("no model or scenario files in the folder ({formats})").format(
                formats=", ".join(sorted(set(FORMATS)))), file=path)
        out.extend(found)
    return out


def _is_sidecar(path):
    """True for ``NAME.columns.yaml`` beside a table ``NAME.csv`` or ``NAME.xlsx``."""
    stem = path.name.removesuffix(".columns.yaml")
    return stem != path.name and any(path.with_name(stem + ext).exists()
                                     for ext in TABLE_SUFFIXES)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--strict", is_flag=True, help="Exit 1 when there are findings (for CI).")
@click.option("--all", "show_all", is_flag=True, help="List every error and finding, not the first 20 of each.")
@profile_option
@table_options
def validate(paths, strict, show_all, profile):
    """Load and check models and scenarios; print a summary and the policy findings.

    \b
    A folder stands for every model and scenario file in it and below it.
    Exit 1 on errors, and with --strict also on findings.
    Examples:
      orggraph validate models/can-tho-2011.yaml --strict
      orggraph validate models/
    """
    failed = False
    for path in _expand_folders(paths):
        try:
            model = load_arg(path, profile)
        except OrgError as exc:
            click.echo(error_text(exc, None if show_all else ERRORS_SHOWN,
                                  _("--all shows every one")), err=True)
            failed = True
            continue
        m = Metrics(model)
        click.echo(terminal(valid_line(path, model, m.summary)))
        _echo_findings(m.findings, model.file or path, None if show_all else 20)
        if strict and m.findings:
            failed = True
    if failed:
        sys.exit(1)


def valid_line(path, model, s):
    """``validate``'s line for a model that loads: its size, root, members, profile and
    how many findings, in the language in force and the words of its profile."""
    # TRANSLATORS: {units} "264 units", {layers} "4 layers", {members} "26,543 party
    # members", {profile} the profile's name (cpv, generic), {findings} "2 findings"
    return _("{path}: valid: {units} in {layers}, root '{root}', {members}, profile "
             "{profile}; {findings}").format(
        path=path, root=model.root, profile=model.profile,
        units=i18n.plural(s["units"], "{n} unit", "{n} units"),
        layers=i18n.plural(s["layers"], "{n} layer", "{n} layers"),
        members=members_phrase(s["members"], s.get("members_unknown"), words_of(model)),
        findings=i18n.plural(s["findings"], "{n} finding", "{n} findings"))


@main.command()
@click.argument("path", type=click.Path())
@click.option("--depth", type=click.IntRange(0), help="Show this many levels below the top.")
@click.option("--focus", metavar="ID", shell_complete=complete_unit_ids,
              help="Show the subtree of this unit.")
@profile_option
@table_options
def show(path, depth, focus, profile):
    """The hierarchy as an indented tree, with spans and member totals.

    Example:  orggraph show models/can-tho-2011.yaml --focus thot-not --depth 1
    """
    for line in tree_lines(load_arg(path, profile), focus=focus, depth=depth):
        click.echo(line)


@main.command()
@click.argument("scenario", type=click.Path())
@click.option("-o", "--output", "out", type=click.Path(),
              help="Write the resulting model here (.yaml, .csv, .json, .graphml).")
@click.option("--log", "show_log", is_flag=True, help="Print the change log.")
@click.option("--dry-run", is_flag=True, help="Print the change log; write nothing.")
@click.option("--until", type=click.IntRange(0), metavar="N",
              help="Apply only the first N steps (the model just before step N+1); "
              "other commands take SCENARIO@N for the same.")
@table_options
def apply(scenario, out, show_log, dry_run, until):
    """Apply a scenario to its base; write the resulting model and print the change log.

    \b
    All or nothing: a failing step stops everything and nothing is written; the
    error names the step and lists the steps applied before it.
    Examples:
      orggraph apply models/scenarios/pilot-2011.yaml -o pilot.yaml --log
      orggraph apply models/scenarios/pilot-2011.yaml --until 3
      orggraph show models/scenarios/pilot-2011.yaml@3 --focus thot-not --depth 1
    """
    if out:
        check_output(out, [scenario])
        fmt = format_of(out)
    result = apply_file(scenario, until=until, table=table_arg())
    i18n.adopt(result.model.lang)  # the scenario's language, else its base's
    if show_log or dry_run or not out:
        click.echo(result.log_text())
    if out and not dry_run:
        save(result.model, out, fmt=fmt)
    click.echo(_applied_line(result, out if not dry_run else None, dry_run), err=True)


def _applied_line(result, out, dry_run):
    """What ``apply`` says after the change log: the file written, or how many steps
    were applied (of how many) and that nothing was written."""
    units = i18n.plural(len(result.model), "{n} unit", "{n} units")
    steps = i18n.plural(len(result.log), "{n} step", "{n} steps")
    if out:
        # TRANSLATORS: {units} "268 units", {steps} "11 steps"
        return _("wrote {file} ({units}, {steps} applied)").format(file=out, units=units,
                                                                   steps=steps)
    total = len(result.scenario.steps)
    text = (_("{steps} applied of {total}; {units}") if len(result.log) < total else
            _("{steps} applied; {units}")).format(steps=steps, total=num(total), units=units)
    return text if dry_run else text + " " + _("(nothing written: give -o FILE to write "
                                               "the result)")


def _metric_options(narrow, wide, buckets):
    opts = {"narrow": narrow, "wide": wide}
    if buckets is not None:
        try:
            opts["buckets"] = parse_buckets(buckets)
        except ValueError as exc:
            raise click.BadParameter(_("{buckets}: {error}; write buckets like "
                                       "1-2,3-5,6-9,10+").format(buckets=repr(buckets),
                                                                 error=exc),
                                     param_hint="--buckets") from None
    return opts


def metric_options(f):
    f = click.option("--buckets", metavar="SPEC",
                     help="Span buckets, e.g. 1-2,3-5,6-9,10-15,16-25,26-40,41+ (the default).")(f)
    f = click.option("--wide", type=click.IntRange(0), metavar="N",
                     help="Wide span: more than N direct subordinates (profile default 15).")(f)
    f = click.option("--narrow", type=click.IntRange(0), metavar="N",
                     help="Narrow span: fewer than N direct subordinates (profile default 3).")(f)
    return f


format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv", "md", "xlsx"]),
    help="Output format (default: from the -o file's extension, else table); xlsx (a "
         "workbook, one sheet per table) needs -o FILE.xlsx.")
output_option = click.option(
    "-o", "--output", "out", type=click.Path(dir_okay=False),
    help="Write to this file instead of printing (.xlsx: a workbook; .json, .csv, .md: "
         "that format; otherwise as --format says, else the table).")

#: The format that ``-o FILE`` of metrics and compare writes, by the file's extension.
TABLE_FORMATS = {".xlsx": "xlsx", ".json": "json", ".csv": "csv", ".md": "md"}


def table_format(fmt, out):
    """The format of metrics or compare output: ``--format``, else the one of
    ``-o``'s extension, else the table. A workbook is refused to the terminal,
    and a workbook with a text file's name or text with a workbook's name."""
    by_ext = TABLE_FORMATS.get(Path(out).suffix.lower()) if out else None
    if fmt and by_ext and fmt != by_ext and "xlsx" in (fmt, by_ext):
        raise click.UsageError(_("--format {format} does not match -o {file}: name the file "
                                 "with the format's extension (or leave --format out)").format(
            format=fmt, file=out))
    fmt = fmt or by_ext or "table"
    if fmt == "xlsx" and (out is None or _is_terminal(out)):
        raise click.UsageError(_("--format xlsx writes a workbook, which is not for the "
                                 "terminal: give -o FILE.xlsx"))
    return fmt


def _is_terminal(path):
    """True if ``path`` names a terminal (such as /dev/stdout in a terminal)."""
    try:
        if not stat.S_ISCHR(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _put(out, data):
    """Print ``data`` (text), or write it (text or bytes) to ``out`` atomically."""
    if out is None:
        click.echo(data, nl=False)
        return
    write_atomic(out, data)
    click.echo(wrote(out), err=True)


def wrote(path):
    """``wrote FILE``: what a command says of each file it wrote."""
    return _("wrote {file}").format(file=path)


@main.command()
@click.argument("path", type=click.Path())
@click.option("--focus", metavar="ID", shell_complete=complete_unit_ids,
              help="Only the subtree of this unit (depth 0 there).")
@format_option
@output_option
@click.option("--all", "all_units", is_flag=True, help="Table/md: every unit, not only managers.")
@metric_options
@profile_option
@table_options
def metrics(path, focus, fmt, out, all_units, narrow, wide, buckets, profile):
    """Span of control and related metrics of one model or scenario.

    \b
    Span statistics (mean, median, p90, max) are over managers: units with span ≥ 1.
    Examples:
      orggraph metrics models/can-tho-2011.yaml --focus thot-not
      orggraph metrics models/scenarios/pilot-2011.yaml --format json > pilot.json
      orggraph metrics models/scenarios/pilot-2011.yaml -o pilot-metrics.xlsx
    """
    fmt = table_format(fmt, out)
    if out is not None:
        check_output(out, [path])
    model = load_arg(path, profile)
    if focus is not None and focus not in model:
        raise OrgError(_("--focus: no unit with id '{id}'").format(id=focus))
    m = Metrics(model, focus=focus, **_metric_options(narrow, wide, buckets))
    if fmt == "xlsx":
        from .output.workbook import metrics_workbook
        _put(out, metrics_workbook(m))
    elif fmt == "json" and out is None:
        sys.stdout.flush()
        write_metrics(m, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif fmt == "json":
        buf = BytesIO()
        write_metrics(m, buf)
        _put(out, buf.getvalue())
    else:
        _put(out, metrics_text(m, fmt, all_units=all_units))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option
@output_option
@metric_options
@table_options
def compare(paths, fmt, out, narrow, wide, buckets):
    """Plans side by side: metrics with deltas against the first, the units whose
    span changed, and the structural diff (added, removed, moved, renamed, retyped).

    \b
    Example:
      orggraph compare models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml \\
                       models/scenarios/staffing-2012.yaml
      orggraph compare models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml -o plans.xlsx
    """
    if len(paths) < 2:
        raise click.UsageError(_("compare needs at least two plans (the first is the "
                                 "baseline)"))
    fmt = table_format(fmt, out)
    if out is not None:
        check_output(out, paths)
    from .analysis.compare import compare as compare_plans
    c = compare_plans(paths, table=table_arg(), **_metric_options(narrow, wide, buckets))
    i18n.adopt(c.plans[0].model.lang)  # the baseline's language, unless --lang says
    from .output.workbook import compare_workbook
    _put(out, compare_workbook(c) if fmt == "xlsx" else compare_text(c, fmt))


@main.command()
@click.argument("path", type=click.Path())
@click.argument("plan_path", required=False, metavar="[PLAN]", type=click.Path())
@click.option("-o", "--output", "out", required=True, type=click.Path(),
              help="Chart file: .svg, .png, .pdf or .dot; .html: the interactive explorer.")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot", "html"]),
              help="Chart format (default: from the extension).")
@click.option("--depth", type=click.IntRange(0), help="Levels shown below the top; deeper "
              "ones become '+ k units, m members' boxes (default: as many as fit 60 units).")
@click.option("--focus", metavar="ID", shell_complete=complete_unit_ids,
              help="Only this unit's subtree, its ancestors greyed above.")
@click.option("--collapse-over", type=click.IntRange(1), metavar="K",
              help="Summarise fan-outs of more than K units by type.")
@click.option("--direction", type=click.Choice(["TB", "LR"]), default="TB", show_default=True)
@click.option("--diff", "diff_base", type=click.Path(), metavar="BASE",
              help="Colour the changes against this model or scenario.")
@click.option("--fit", type=click.Choice(["a4", "a3", "none"]), help="Collapse levels and "
              "summarise wide fan-outs until the chart prints legibly on this landscape page "
              "(default a3; a PDF is that page); none: draw as the options say.")
@click.option("--pages", type=click.Choice(["a4", "a3"]), help="A book (PDF): an overview, "
              "then a page per subtree, split until each prints legibly on this paper.")
@click.option("--people", is_flag=True, help="List each unit's post holders (title: name) "
              "in its box.")
@click.option("--side-by-side", is_flag=True, help="render BASE PLAN: both in one picture, "
              "base left, plan right with its changes coloured, unmoved units at the same "
              "place in both.")
@profile_option
@table_options
def render(path, plan_path, out, fmt, depth, focus, collapse_over, direction, diff_base, fit,
           pages, people, side_by_side, profile):
    """Draw an org chart with Graphviz (SVG, PNG, PDF, or DOT source).

    \b
    Examples:
      orggraph render models/can-tho-2011.yaml --focus thot-not -o thot-not.png
      orggraph render models/scenarios/pilot-2011.yaml --focus thot-not \\
                      --diff models/can-tho-2011.yaml -o pilot-changes.svg
      orggraph render models/can-tho-2011.yaml --pages a4 -o can-tho-book.pdf
      orggraph render models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml \\
                      --side-by-side --focus thot-not --depth 1 -o before-after.pdf
    """
    if side_by_side or plan_path:
        unused = [name for name, value in (("--diff", diff_base), ("--fit", fit),
                                           ("--pages", pages)) if value]
        _side_by_side(path, plan_path, out, fmt, profile, side_by_side, unused, depth=depth,
                      focus=focus, collapse_over=collapse_over, direction=direction,
                      people=people)
        return
    inputs = [path] + ([diff_base] if diff_base else [])
    check_output(out, inputs)
    from .output.dot import chart_format, render as draw
    fmt = chart_format(out, fmt)  # a folder or a name without extension: said at once
    if fmt == "html":
        _explorer(path, out, diff_base, profile, focus=focus, pages=pages, fit=fit,
                  depth=depth, collapse_over=collapse_over, people=people)
        return
    model, base, lineage = chart_inputs(path, diff_base, profile)
    options = dict(depth=depth, focus=focus, collapse_over=collapse_over, direction=direction,
                   base=base, lineage=lineage, **({"people": True} if people else {}))
    if pages:
        from .output.book import render as book
        click.echo(book(model, out, fmt, pages, fitting=fit, **options), err=True)
    elif fit == "none":
        draw(model, out, fmt, **options)
    else:
        from .output.fit import render as fitted
        problem = fitted(model, out, fmt, fit or "a3", **options)
        if problem:
            click.echo(problem, err=True)
    click.echo(wrote(out), err=True)


def _explorer(path, out, diff_base, profile, focus, **unused):
    """``render MODEL -o chart.html``: :func:`orggraph.output.explorer.render`."""
    given = ["--" + name.replace("_", "-") for name, value in unused.items() if value]
    if given:
        raise click.UsageError(_("the explorer (.html) takes --focus, --diff and --lang: "
                                 "leave out {options}").format(options=", ".join(given)))
    from .output.explorer import render as explore
    model, base, lineage = chart_inputs(path, diff_base, profile)
    explore(model, out, focus=focus, base=base, lineage=lineage if base is not None else None)
    click.echo(wrote(out), err=True)


def _side_by_side(base_path, plan_path, out, fmt, profile, flag, unused, **options):
    """``render BASE PLAN --side-by-side``: :func:`orggraph.output.sidebyside.render`;
    ``unused``: the options it does not take, by name, when given."""
    if not flag:
        raise click.UsageError(_("a second path is for --side-by-side: render BASE PLAN "
                                 "--side-by-side -o FILE"))
    if plan_path is None:
        raise click.UsageError(_("--side-by-side needs two paths: render BASE PLAN "
                                 "--side-by-side -o FILE"))
    if unused:
        raise click.UsageError(_("--side-by-side draws the changes of PLAN against BASE: "
                                 "leave out {options}").format(options=", ".join(unused)))
    check_output(out, [base_path, plan_path])
    from .output.dot import chart_format
    from .output.sidebyside import render as pair
    fmt = chart_format(out, fmt)  # a folder or a name without extension: said at once
    if fmt == "html":
        raise click.UsageError(_("the explorer (.html) takes --focus, --diff and --lang: "
                                 "leave out {options}").format(options="--side-by-side"))
    model, base, lineage = chart_inputs(plan_path, base_path, profile)
    pair(base, model, out, fmt, lineage=lineage, **options)
    click.echo(wrote(out), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out", required=True, type=click.Path(),
              help="The HTML file to write.")
@click.option("--focus", multiple=True, metavar="ID", shell_complete=complete_unit_ids, help="Unit to draw org charts of "
              "(repeatable; default: the units whose span changed most).")
@click.option("--no-charts", is_flag=True, help="Leave out the org charts (explorers and their static SVGs).")
@metric_options
@table_options
def report(paths, out, focus, no_charts, narrow, wide, buckets):
    """One self-contained HTML page comparing plans (the first is the baseline).

    \b
    Example:
      orggraph report models/can-tho-2011.yaml models/scenarios/pilot-2011.yaml \\
                      models/scenarios/staffing-2012.yaml -o report.html
    """
    check_output(out, paths)
    from .output.report import report as write_report
    write_report(paths, out, focus=list(focus) or None, charts=not no_charts,
                 table=table_arg(), **_metric_options(narrow, wide, buckets))
    click.echo(wrote(Path(out).resolve()), err=True)


#: How the note after a conversion names each part of a model the format does not keep.
_LOST = {"links": lambda n: i18n.plural(n, "{n} link", "{n} links"),
         "people": lambda n: i18n.plural(n, "{n} person", "{n} people"),
         "types": lambda n: _("the model's own types"), "title": lambda n: _("the title"),
         "sources": lambda n: _("the sources"), "lang": lambda n: _("the language (lang:)"),
         "labels": lambda n: _("the words of the measure (labels:)")}


def _convert(src, out, profile=None, title=None):
    check_output(out, [src])
    fmt = format_of(out)
    model = load_arg(src, profile, title)
    save(model, out, fmt=fmt)
    lost = [_LOST[part](n) for part, n in lost_parts(model, fmt)]
    if lost:
        # TRANSLATORS: {format} CSV, GRAPHML…; {parts} "4 people, the title"
        click.echo(_("note: {file} holds the units only; not in {format}: {parts} (use YAML "
                     "or JSON to keep them)").format(file=out, format=fmt.upper(),
                                                     parts=", ".join(lost)), err=True)
    click.echo(_("wrote {file} ({units})").format(
        file=out, units=i18n.plural(len(model), "{n} unit", "{n} units")), err=True)


@main.command(name="import")
@click.argument("src", type=click.Path())
@click.option("-o", "--output", "out", required=True, type=click.Path(),
              help="Model file to write (.yaml, .json, .csv, .xlsx, .graphml).")
@profile_option
@click.option("--title", help="Title of the model (CSV has none).")
@table_options
def import_(src, out, profile, title):
    """Convert a CSV (or JSON, GraphML) file into a model file.

    Example:  orggraph import units.csv -o model.yaml --profile cpv
    """
    _convert(src, out, profile, title)


@main.command()
@click.argument("path", type=click.Path())
@click.option("-o", "--output", "out", required=True, type=click.Path(),
              help="File to write: .csv, .xlsx, .json, .graphml, .yaml, or .mmd (a Mermaid chart).")
@click.option("--depth", type=click.IntRange(0), help=".mmd: levels shown below the top.")
@click.option("--focus", metavar="ID", shell_complete=complete_unit_ids,
              help=".mmd: only this unit's subtree.")
@click.option("--collapse-over", type=click.IntRange(1), metavar="K",
              help=".mmd: summarise fan-outs of more than K units by type.")
@click.option("--diff", "diff_base", type=click.Path(), metavar="BASE",
              help=".mmd: colour the changes against this model or scenario.")
@profile_option
@table_options
def export(path, out, depth, focus, collapse_over, diff_base, profile):
    """Write a model (or a scenario's result) as CSV, Excel, JSON, GraphML or YAML, or
    its org chart as a Mermaid flowchart (.mmd) for Markdown pages.

    \b
    Examples:
      orggraph export models/can-tho-2011.yaml -o can-tho.graphml
      orggraph export models/scenarios/pilot-2011.yaml -o thot-not.mmd --focus thot-not
    """
    chart = (depth, focus, collapse_over, diff_base)
    if not str(out).lower().endswith(".mmd"):
        if any(x is not None for x in chart):
            raise click.UsageError(_("--depth, --focus, --collapse-over and --diff are for "
                                     "Mermaid charts (-o FILE.mmd)"))
        _convert(path, out, profile)
        return
    check_output(out, [path] + ([diff_base] if diff_base else []))
    model, base, lineage = chart_inputs(path, diff_base, profile)
    from .output.mermaid import to_mermaid
    write_atomic(out, to_mermaid(model, depth=depth, focus=focus, collapse_over=collapse_over,
                                 base=base, lineage=lineage))
    click.echo(wrote(out), err=True)


@main.command()
@click.argument("kind", type=click.Choice(["model", "scenario"]))
@click.option("-o", "--output", "out", type=click.Path(),
              help="Write the schema here instead of printing it.")
def schema(kind, out):
    """Print the JSON Schema (draft 2020-12) of model or scenario files.

    \b
    With the schema beside your files, an editor with a YAML language server
    completes keys, operation names and types, and underlines mistakes, given
    this first line in the YAML file:
      # yaml-language-server: $schema=model.schema.json
    Example:  orggraph schema scenario -o scenario.schema.json
    """
    from .schemas import text as schema_text
    if out:
        write_atomic(out, schema_text(kind))
        click.echo(wrote(out), err=True)
    else:
        click.echo(schema_text(kind), nl=False)


@main.command()
@click.argument("kind", type=click.Choice(["model", "scenario"]))
@click.option("-o", "--output", "out", required=True, type=click.Path(),
              help="The file to create (never overwritten).")
@click.option("--base", default="model.yaml", show_default=True,
              help="scenario: the model it changes, relative to the new file.")
def new(kind, out, base):
    """Write a small, commented starting file that validates as it is, and the
    JSON Schema beside it for editor completion.

    \b
    Examples:
      orggraph new model -o model.yaml
      orggraph new scenario -o plan.yaml --base model.yaml
    """
    from .schemas import starter
    written = starter(kind, out, base=base)
    for path in written:
        click.echo(wrote(path), err=True)


@main.command()
@click.argument("path", type=click.Path())
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False),
              help="The scenario file to write (its base: PATH, relative to its folder).")
@click.option("--focus", metavar="ID", shell_complete=complete_unit_ids,
              help="Only this unit's subtree (default: the whole model).")
@click.option("--max-span", multiple=True, metavar="N|TYPE=N",
              help="Span target: for every unit, or per type (repeatable, or a comma list).")
@click.option("--group-by", metavar="ATTR", help="Group children by this attribute.")
@click.option("--values", metavar="V,...", help="With --group-by: only these values.")
@click.option("--no-chunks", is_flag=True, help="Never group children in chunks of model "
              "order (a target that grouping by attribute cannot meet is reported).")
@click.option("--min-members", metavar="N|profile", help="Merge units below N members "
              "(or the profile's minimum of their type) into a sibling of the same type.")
@click.option("--fix-findings", is_flag=True, help="The profile's mechanical fixes (a cell "
              "over its type's limit retyped; a standing committee too large reported).")
@click.option("--dissolve-level", metavar="TYPE", help="Dissolve every unit of this type.")
@click.option("--name", "name_template", metavar="TEMPLATE",
              help="Name of a new unit: {parent} {value} {n} {type}.")
@click.option("--id", "id_template", metavar="TEMPLATE",
              help="Id of a new unit: {parent} {value} {n} {type}.")
@click.option("--type", "new_type", metavar="TYPE", help="Type of the new units.")
@click.option("--title", help="Title of the scenario.")
@click.option("--alternatives", type=click.IntRange(1), default=1, metavar="K",
              help="Write up to K plans (PLAN.yaml, PLAN-2.yaml, …), best score first, and "
              "compare them.")
@profile_option
@table_options
def suggest(path, out, focus, max_span, group_by, values, no_chunks, min_members,
            fix_findings, dissolve_level, name_template, id_template, new_type, title,
            alternatives, profile):
    """Draft the scenario that meets span and size targets, as an ordinary scenario
    file to read, edit and apply.

    \b
    Example (the 2011 pilot, rediscovered):
      orggraph suggest models/can-tho-2011.yaml --focus thot-not --max-span 30 \\
                       --group-by sector --values cqddt,cqcq -o s.yaml
    """
    outs = [Path(out)] + [Path(out).with_name(f"{Path(out).stem}-{n}{Path(out).suffix}")
                          for n in range(2, alternatives + 1)]
    for o in outs:
        check_output(o, [path])
    model = load_arg(path, profile)
    if min_members is not None and min_members != "profile":
        if not min_members.isdigit():
            raise click.BadParameter(_("a number, or 'profile'"), param_hint="--min-members")
        min_members = int(min_members)
    base = os.path.relpath(Path(path).resolve(), Path(out).resolve().parent)
    options = dict(focus=focus, max_span=list(max_span) or None, group_by=group_by,
                   values=values.split(",") if values else (), chunks=not no_chunks,
                   min_members=min_members, fix_findings=fix_findings,
                   dissolve_level=dissolve_level, name=name_template, id=id_template,
                   type=new_type, title=title, base=Path(base).as_posix(), file=str(out))
    if alternatives == 1:
        from .suggest import suggest as draft
        s = draft(model, **options)
        for line in s.lines:
            click.echo(terminal(line))
        write_atomic(out, s.text)
        click.echo(wrote(out), err=True)
        return
    _suggest_alternatives(path, model, outs, options)


def _suggest_alternatives(path, model, outs, options):
    """``suggest --alternatives K``: the plans, each written and said with its score,
    then compared (the table of ``compare``) against the model."""
    from .analysis.compare import compare as compare_plans
    from .suggest import alternatives as drafts
    found = drafts(model, len(outs), **options)
    if len(found) < len(outs):
        # TRANSLATORS: suggest --alternatives K found fewer different plans than asked
        click.echo(i18n.plural(len(found), "only {n} different plan meets the targets",
                               "only {n} different plans meet the targets"), err=True)
    for s, o in zip(found, outs):
        click.echo(terminal(f"{o.name}: {s.score_text()}"))
        for line in s.lines:
            click.echo(terminal("  " + line))
        write_atomic(o, s.text)
        click.echo(wrote(o), err=True)
    c = compare_plans([model] + [s.result.model for s in found],
                      labels=[Path(path).stem] + [o.stem for o in outs[:len(found)]],
                      lineages=[None] + [s.result.lineage for s in found])
    click.echo(compare_text(c, "table"))


class _WithoutPandas:
    """An import finder for which pandas is not installed (see :func:`run`)."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is not used by the orggraph command", name=name)
        return None


def run():
    """The console entry point: :func:`main` with the cyclic garbage collector off.

    A command's data has no reference cycles worth collecting, and the collector
    only slows down building million-unit models. It is switched back on after the
    command, so library callers (and tests invoking :func:`main`) never see it off.

    pandas is kept out of the command's process: pyarrow imports it, when it is
    installed, the first time it turns a Python list into an array (to ask whether the
    list is a pandas object), which costs 0.2 s of start-up; orggraph never uses it.
    """
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _WithoutPandas())
    enabled = gc.isenabled()
    gc.disable()
    try:
        main()
    finally:
        if enabled:
            gc.enable()
