"""`ddassist`: the command line. Each command parses, calls the library, renders."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.console import configure_output
from assistant.errors import AssistantError
from assistant.settings import Settings, apply_offline_env, get_settings

Handler = Callable[[argparse.Namespace, Settings], int]


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "documents", None):
        overrides["documents_dir"] = Path(args.documents)
    return get_settings(**overrides)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.search.store import build_index  # per subcommand: light commands never load the model stack

    if not settings.documents_dir.is_dir():
        print(
            f"warning: documents directory {settings.documents_dir} does not exist; indexing the project digests only. "
            "Set DDA_DOCUMENTS_DIR or run `ddassist corpus fetch`.",
            file=sys.stderr,
        )
    report = build_index(settings, progress=not args.quiet and args.show_progress)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for source_id, files in sorted(report.missing.items()):
        print(f"missing: {source_id}: {', '.join(files)} (run `ddassist corpus fetch`)", file=sys.stderr)
    print(report.summary())
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.corpus import source_table  # per subcommand: light commands never load the model stack

    rows = source_table(settings)
    if args.json:
        _print_json(rows)
        return 0
    print(f"{'id':30} {'kind':10} {'files':8} {'chunks':>6}  title")
    for row in rows:
        files = f"{row['files_present']}/{row['files_present'] + row['files_missing']}"
        print(f"{row['id']:30} {row['kind']:10} {files:8} {row['chunks']:>6}  {row['title'][:70]}")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.search import search, to_passages  # per subcommand: light commands never load the model stack

    results = search(
        args.query, settings, args.k, sources=args.source or None, kinds=args.kind or None, mode=args.mode
    )
    passages = to_passages(results)
    if args.json:
        _print_json([p.model_dump(include={"rank", "score", "source_id", "locator", "page", "chunk_id", "text"}) for p in passages])
        return 0
    for p in passages:
        page = f", p. {p.page}" if p.page and ", p. " not in p.locator else ""
        print(f"[{p.rank}] {p.source_id} — {p.locator}{page}  (score {p.score:.4f})")
        print("    " + p.text[:300].replace("\n", " ") + ("…" if len(p.text) > 300 else ""))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer.pipeline import ask, load_history  # per subcommand: light commands never load the model stack

    history = load_history(Path(args.history)) if args.history else None
    answer = ask(args.question, history=history, settings=settings, engine=args.engine)
    if args.json:
        print(answer.model_dump_json(indent=2))
        return 0
    print(answer.answer)
    for warning in answer.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_screen(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.screening import screen  # per subcommand: light commands never load the model stack

    hits = screen(args.name, settings, country=args.country)
    if args.json:
        _print_json([h.model_dump(include={"name", "score", "source_id", "locator", "listed_on", "quote"}) for h in hits])
        return 0
    if not hits:
        print(f"No listed party matches {args.name!r} above the threshold.")
        return 0
    for h in hits:
        print(f"{h.score:5.1f}  {h.name} — {h.source_id} {h.locator} (listed {h.listed_on or 'n/a'})")
    return 0


def cmd_corpus_fetch(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.corpus import fetch_corpus  # per subcommand: light commands never load the model stack

    mirror = Path(args.from_dir) if args.from_dir else settings.mirror_dir
    result = fetch_corpus(settings, mirror=mirror, allow_network=not args.offline)
    for line in result.lines():
        print(line)
    return 0 if not result.missing else 1


def cmd_corpus_check(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.corpus import check_corpus  # per subcommand: light commands never load the model stack

    problems = check_corpus(settings)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"corpus check: {len(problems)} problems")
    return 1 if problems else 0


def cmd_eval_run(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.eval import HEADLINE_TABLE, run_eval  # per subcommand: light commands never load the model stack
    from assistant.eval.report import split_columns  # per subcommand: light commands never load the model stack
    from assistant.settings import PROJECT_ROOT  # per subcommand: light commands never load the model stack

    metrics = run_eval(
        Path(args.dataset) if args.dataset else PROJECT_ROOT / "eval", Path(args.out), settings, split=args.split, engine=args.engine, retriever=args.retriever, k=args.k, progress=not args.quiet
    )
    columns = split_columns(metrics)
    rows = [*HEADLINE_TABLE, "latency_p50_ms", "latency_p95_ms", "n_items"]
    print(f"{'split':22} " + " ".join(f"{name:>8}" for name, _ in columns))
    for key in rows:
        values = [split.get(key) for _, split in columns]
        print(f"{key:22} " + " ".join(f"{v:8.3f}" if isinstance(v, float) else f"{'—' if v is None else v!s:>8}" for v in values))
    print(f"report: {Path(args.out) / 'report.md'}")
    if args.write_baseline:
        from assistant.eval.gate import write_baseline  # per subcommand: light commands never load the model stack

        record = write_baseline(metrics, Path(args.write_baseline), split="test")
        print(f"baseline of the test split written to {args.write_baseline}: {record['metrics']}")
    return 0


def cmd_eval_compare(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.eval import compare_runs  # per subcommand: light commands never load the model stack

    print(compare_runs([Path(d) for d in args.runs], out=Path(args.out) if args.out else None))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.web.server import serve  # per subcommand: light commands never load the model stack

    serve(settings, host=args.host or settings.host, port=args.port or settings.port, verbose=args.verbose)
    return 0


def cmd_log_export(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.web.auditlog import export_log  # per subcommand: light commands never load the model stack

    text = export_log(settings, args.format, Path(args.out) if args.out else None)
    if not args.out:
        sys.stdout.write(text)
    return 0


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:

    from assistant.web.auth import add_user  # per subcommand: light commands never load the model stack

    if settings.auth_file is None:
        raise AssistantError("Set DDA_AUTH_FILE to the users file first, e.g. DDA_AUTH_FILE=.data/users.json.")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass(f"Password for {args.name}: ")
    add_user(settings.auth_file, args.name, password)
    print(f"user {args.name} written to {settings.auth_file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ddassist", description="Downstream due-diligence assistant for surveillance-technology sales.")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="show INFO/DEBUG log lines and every progress bar (default: warnings only; "
                             "our own progress bars only on a terminal)")
    # `--verbose` is also accepted after the command (`ddassist serve --verbose`)
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or update the index", parents=[after])
    p.add_argument("--documents", help="documents directory (overrides DDA_DOCUMENTS_DIR)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=cmd_ingest)

    p = sub.add_parser("sources", help="list sources, files present/missing and chunks")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_sources)

    p = sub.add_parser("search", help="hybrid search over the index")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=None, help="passages to return")
    p.add_argument("--source", action="append", help="restrict to a source id (repeatable)")
    p.add_argument("--kind", action="append", help="restrict to a source kind (repeatable)")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited sources", parents=[after])
    p.add_argument("question")
    p.add_argument("--history", help="JSON file of earlier turns [{role, content}]")
    p.add_argument("--engine", default=None, help="grounded (default) or ollama:<model>, openai:<model>, llamacpp:<path.gguf>")
    p.add_argument("--json", action="store_true", help="print the Answer object")
    p.set_defaults(handler=cmd_ask)

    p = sub.add_parser("screen", help="screen a party name against the sanctions listings in the corpus")
    p.add_argument("name")
    p.add_argument("--country", default=None, help="ISO country code of the party, e.g. IR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_screen)

    corpus = sub.add_parser("corpus", help="fetch or check the corpus").add_subparsers(dest="corpus_command", required=True)
    p = corpus.add_parser("fetch", help="copy or download the manifest's documents")
    p.add_argument("--from", dest="from_dir", help="mirror directory to copy from")
    p.add_argument("--offline", action="store_true", help="never try the official URLs")
    p.set_defaults(handler=cmd_corpus_fetch)
    p = corpus.add_parser("check", help="check register and digests against the sources and the index")
    p.set_defaults(handler=cmd_corpus_check)

    ev = sub.add_parser("eval", help="answer benchmark").add_subparsers(dest="eval_command", required=True)
    p = ev.add_parser("run", help="run the benchmark (dev and test splits by default)")
    p.add_argument("dataset", nargs="?", default=None, help="eval directory (split layout), a split directory or one .jsonl file; default: the project's eval/")
    p.add_argument("--split", default="all", help="dev, test, all (= dev and test) or another sub-directory of the eval directory; default: all")
    p.add_argument("--out", required=True)
    p.add_argument("--write-baseline", default=None, metavar="FILE", help="record the test split's figures as the quality-gate baseline (eval/baseline.json)")
    p.add_argument("--engine", default=None)
    p.add_argument("--retriever", choices=["hybrid", "dense", "lexical"], default=None)
    p.add_argument("-k", type=int, default=8)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(handler=cmd_eval_run)
    p = ev.add_parser("compare", help="compare benchmark runs side by side")
    p.add_argument("runs", nargs="+")
    p.add_argument("--out", default=None)
    p.set_defaults(handler=cmd_eval_compare)

    p = sub.add_parser("serve", help="start the web chat", parents=[after])
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(handler=cmd_serve)

    log_cmd = sub.add_parser("log", help="audit log").add_subparsers(dest="log_command", required=True)
    p = log_cmd.add_parser("export", help="export answers and feedback")
    p.add_argument("--format", choices=["csv", "jsonl"], default="jsonl")
    p.add_argument("--out", default=None)
    p.set_defaults(handler=cmd_log_export)

    users = sub.add_parser("users", help="web chat users").add_subparsers(dest="users_command", required=True)
    p = users.add_parser("add", help="add or update a user in DDA_AUTH_FILE")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(handler=cmd_users_add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `ddassist`."""
    apply_offline_env()
    args = build_parser().parse_args(argv)
    args.show_progress = configure_output(args.verbose)
    handler: Handler = args.handler
    try:
        return handler(args, _settings(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
