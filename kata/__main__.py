"""The kata's command line: ``python -m kata COMMAND``.

projector   run the reference pipeline, write logs/imdb-example/, open TensorBoard
check       check any projector log dir, one line per problem
"""

import argparse
import sys

from kata.quiet import import_tensorflow


def check(args) -> int:
    from kata import logdir

    findings = logdir.check(args.log_dir)
    for finding in findings:
        print(finding)
    if not findings:
        print(f"{args.log_dir}: OK, a valid projector log dir")
    return 1 if findings else 0


def main(argv=None) -> int:
    import_tensorflow()  # every command needs it; import it once, quietly
    from kata import projector

    parser = argparse.ArgumentParser(prog="python -m kata", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("projector", help="run the reference pipeline and open TensorBoard")
    projector.add_arguments(run)
    run.set_defaults(handler=projector.main)

    checking = commands.add_parser("check", help="check a projector log dir")
    checking.add_argument("log_dir")
    checking.set_defaults(handler=check)

    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
