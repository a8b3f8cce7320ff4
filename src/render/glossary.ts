// Plain words for the terms a learner may not know yet, given once, at their first use in a report.

export interface Term {
  /** Where the term is used, e.g. /\bzombies?\b/ (first match gets the gloss). */
  pattern: RegExp;
  /** A few plain words, shown in parentheses after it. */
  gloss: string;
}

export const TERMS: Record<string, Term> = {
  'wait channel': {
    pattern: /\bwait channel\b|\bwchan\b/,
    gloss: 'the kernel function a sleeping process waits in',
  },
  futex: {
    pattern: /\bfutex(?:_[a-z_]+)?\b/,
    gloss: 'the kernel wait behind a lock: asleep until another thread wakes it',
  },
  zombie: {
    pattern: /\bzombies?\b|<defunct>/,
    gloss: 'a process that has exited but whose parent has not yet called wait() for it',
  },
  subreaper: {
    pattern: /\bsubreaper\b|\bsubreaping supervisor\b/,
    gloss: 'one that adopts orphaned descendants in place of init, and reaps them',
  },
  'PID namespace': {
    pattern: /\bPID namespace\b/,
    gloss: 'a numbering of processes of its own, from 1: a process in it cannot name, so cannot signal, one outside it',
  },
  'pids cgroup': {
    pattern: /\bpids cgroup\b|\bpids\.max\b/,
    gloss: 'a kernel group of processes whose number of tasks is capped, root included',
  },
  RLIMIT_NPROC: {
    pattern: /\bRLIMIT_NPROC\b/,
    gloss: 'the per-user limit on processes and threads',
  },
};

/** Glosses each term at its first use in the texts passed through it, in the order they are shown. */
export class Glossary {
  private readonly explained = new Set<string>();

  explain(text: string): string {
    let result = text;
    for (const [name, term] of Object.entries(TERMS)) {
      if (this.explained.has(name)) continue;
      const match = term.pattern.exec(result);
      if (!match) continue;
      this.explained.add(name);
      // The gloss goes in parentheses after the word, or inside the parenthesis that already follows it.
      // A parenthesis already after the word takes the gloss inside it; a word inside parentheses has its
      // gloss at their end; otherwise the gloss is a parenthesis of its own.
      const end = match.index + match[0].length;
      const following = /^ \([^()]*\)/.exec(result.slice(end));
      const before = result.slice(0, match.index);
      const isInside = before.split('(').length > before.split(')').length;
      const close = isInside ? result.indexOf(')', end) : -1;
      if (following) {
        const at = end + following[0].length - 1;
        result = `${result.slice(0, at)}; ${term.gloss}${result.slice(at)}`;
      } else if (close === end) result = `${result.slice(0, end)}: ${term.gloss}${result.slice(end)}`;
      else if (close > end) result = `${result.slice(0, close)}; ${match[0]}: ${term.gloss}${result.slice(close)}`;
      else result = `${result.slice(0, end)} (${term.gloss})${result.slice(end)}`;
    }
    return result;
  }

}
