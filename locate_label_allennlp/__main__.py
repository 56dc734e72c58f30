"""
``python -m locate_label_allennlp <subcommand> ...`` and the ``locate-label-allennlp`` console script:
the `allennlp` command with this plugin loaded, so that its subcommands (and ``train``, ``evaluate``,
``predict`` with its components) work from any directory, without ``.allennlp_plugins`` or
``--include-package``.
"""


def main() -> None:
    from allennlp.commands import main as allennlp_main

    import locate_label_allennlp  # noqa: F401  (registers the components and subcommands)

    allennlp_main(prog="locate-label-allennlp")


if __name__ == "__main__":
    main()
