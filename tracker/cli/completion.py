"""`tracker completion bash|zsh|fish`: print the shell's completion script (click's own completion)."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_TRACKER_COMPLETE"
"""The environment variable click's completion protocol uses for the `tracker` program."""

INSTALL = {
    "bash": 'eval "$(tracker completion bash)"  # in ~/.bashrc',
    "zsh": 'eval "$(tracker completion zsh)"  # in ~/.zshrc',
    "fish": "tracker completion fish > ~/.config/fish/completions/tracker.fish",
}


@click.command()
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL; commands, options and choices then complete on Tab.

    \b
    bash:  eval "$(tracker completion bash)"     (in ~/.bashrc)
    zsh:   eval "$(tracker completion zsh)"      (in ~/.zshrc)
    fish:  tracker completion fish > ~/.config/fish/completions/tracker.fish
    """
    root = ctx.find_root().command
    cls = get_completion_class(shell)
    if cls is None:  # click knows all three; a future click might not
        raise click.UsageError(f"no completion for {shell}")
    click.echo(cls(root, {}, "tracker", COMPLETE_VAR).source(), nl=False)
