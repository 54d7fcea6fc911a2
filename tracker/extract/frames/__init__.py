"""The ``tracker_frames`` component: commitment and event frames from cues and actors.

A *frame* is a language-neutral description of one commitment or one event: which cue
triggered it, its action and target, the parties, who said so, and the token span that is
its evidence. The logic reads only cue labels (from the JSONL packs in ``tracker/lang``) and
token positions, so adding a language means adding data.

How a sentence is read:

* **attribution**: a reporting or accusing cue (``ATTR``/``ACCUSE``) and the nearest source
  phrase (``SRC`` nouns and actor names) give ``claimed_by``/``stated_by``; that phrase is
  never the perpetrator;
* **events**: ``EVT`` cues grouped by clause; dropped under a denial, a condition or
  hypothetical, a negation, an order to attack, or when the cue is the object of a halt
  ("stop strikes" is commitment content, not an event). The perpetrator is the actor
  nearest the cue with role bonuses (agentive "by", forces nouns, subject position) and
  penalties (after a target preposition, inside or right after a target, a claimer);
* **commitments**: content (a truce noun, a halt plus what is halted, or a perform action)
  plus a commitment cue (agreed, signed, took effect, pledged, will continue, accepted a
  proposal). Proposals without acceptance, denials, compliance reports and conditions
  without a commitment verb are skipped. Mediators are dropped from refrain commitments
  when a belligerent is named; a bilateral truce yields one frame per party and target. A
  future counts as a commitment cue when it is the verb's own form (Russian/Ukrainian finite
  non-past halt verbs, Arabic «س»/«لن», a reported "would"), and compliance stated as a future
  is a pledge to uphold the truce;
* **collective actors**: ``@state``/``@forces`` refs ("the government", "the army", «الجيش») stand
  for the named party next to them, else the article's home state (or the one national army it
  names); ``@both`` ("both sides", «الطرفان») for its two parties; ``@nonstate`` turns "Syrian
  rebels" into the group, not the state. These ids never leave the frame builder.

Modules: ``model`` (cues, the per-sentence :class:`CueIndex`, frames, constants), ``cues``
(cue cleanup, targets, companies), ``attribution`` (sources), ``actors`` (perpetrator scoring,
commitment parties), ``events``, ``commitments`` and ``builder`` (the spaCy component). Every
per-sentence step queries the index by position, so the work is linear in sentence length.
"""

from tracker.extract.frames.builder import FrameBuilder, make_frame_builder
from tracker.extract.frames.model import (
    ACTORS_KEY, CUES_KEY, TARGET_ACTION, TARGET_PRIORITY, ActorRef, Cue, CueIndex, Frame
)

__all__ = ["ACTORS_KEY", "CUES_KEY", "TARGET_ACTION", "TARGET_PRIORITY", "ActorRef", "Cue", "CueIndex", "Frame",
           "FrameBuilder", "make_frame_builder"]
