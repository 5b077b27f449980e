package io.github.mcpoauthkit.util.archfixture;

/** Violation: a package that belongs to no layer, and so would escape every layer check. */
public final class ClassOutsideEveryLayer {}
