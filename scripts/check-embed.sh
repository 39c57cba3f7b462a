#!/usr/bin/env bash
# Checks that elbow embeds in an ordinary Maven project as the README says:
#
#   1. installs elbow's library modules (parent pom, tensor, autograd, nn, vi; tests skipped) into the
#      local Maven repository, as dev.elbow:*:<version> -- by default ~/.m2/repository, exactly what
#      `mvn install` does; MAVEN_REPO_LOCAL=DIR puts them (and every download) in DIR instead;
#   2. builds docs/embed-example, a separate project whose only dependency is dev.elbow:vi, prints its
#      dependency tree and fails if anything outside test scope is not dev.elbow:* or org.apache.commons:*;
#   3. runs its program with plain `java -cp`, once as is (scalar kernels, with elbow's one-line notice)
#      and once with --add-modules jdk.incubator.vector (vector kernels), and checks exit status and output.
#
#   scripts/check-embed.sh
#   JAVA=/path/to/jdk-25/bin/java scripts/check-embed.sh     # run the program on another JDK
#   MAVEN_REPO_LOCAL=/tmp/m2 scripts/check-embed.sh          # leave ~/.m2 alone (downloads everything again)
#
# elbow's own build goes to <module>/target-embed (ELBOW_BUILD_DIR overrides), so it does not disturb
# other builds in the same checkout; the example's to docs/embed-example/target. Needs Maven Central
# for plugins on first use. Exit status 0 when every check passes, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLE=docs/embed-example
MAIN=com.example.FitNormalMean
JAVA=${JAVA:-java}
BUILD_DIR=${ELBOW_BUILD_DIR:-target-embed}
MVN=(mvn -B -q)
if [[ -n ${MAVEN_REPO_LOCAL:-} ]]; then MVN+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL"); fi
START=$SECONDS

fail() { echo "check-embed: FAIL: $*" >&2; exit 1; }
step() { echo; echo "== [$((SECONDS - START)) s] $*"; }
# Maven 3.8's -q mode prints stray ESC[0m colour resets even with -B; drop them from the log.
mvnq() { "${MVN[@]}" "$@" 2>&1 | sed $'s/\e\\[0m//g'; }

command -v mvn >/dev/null || fail "mvn not found on PATH"
command -v "$JAVA" >/dev/null || fail "java not found: $JAVA"

# The project's own version: the first 2-space-indented <version> of the root pom (the parent's).
VERSION=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
[[ -n $VERSION ]] || fail "could not read elbow's version from pom.xml"
EXAMPLE_VERSION=$(sed -n 's:.*<elbow.version>\(.*\)</elbow.version>.*:\1:p' "$EXAMPLE/pom.xml")
[[ $EXAMPLE_VERSION == "$VERSION" ]] \
    || fail "$EXAMPLE/pom.xml asks for elbow $EXAMPLE_VERSION but this checkout is $VERSION: update <elbow.version> there"

step "install elbow $VERSION (parent, tensor, autograd, nn, vi) into ${MAVEN_REPO_LOCAL:-the default local repository (~/.m2/repository)}"
mvnq install -DskipTests "-Delbow.buildDir=$BUILD_DIR" -pl vi -am || fail "mvn install of elbow failed"

step "build $EXAMPLE (mvn clean package dependency:tree dependency:build-classpath)"
TREE=$EXAMPLE/target/dependency-tree.txt
CPFILE=$EXAMPLE/target/classpath.txt
mvnq -f "$EXAMPLE/pom.xml" clean package \
    dependency:tree "-DoutputFile=$(pwd)/$TREE" \
    dependency:build-classpath "-Dmdep.outputFile=$(pwd)/$CPFILE" -Dmdep.includeScope=runtime \
    || fail "building $EXAMPLE failed"
[[ -f $TREE && -f $CPFILE && -f $EXAMPLE/target/embed-example.jar ]] || fail "the build of $EXAMPLE left no jar, tree or class path"

step "dependency tree of $EXAMPLE"
cat "$TREE"
# Lines after the first are "<tree art> group:artifact:type[:classifier]:version:scope[ (note)]".
STRAY=$(awk 'NR > 1 {
        sub(/^[ |+\\-]+/, ""); split($1, f, ":"); group = f[1]; scope = f[length(f)]
        if (scope != "test" && group != "dev.elbow" && group != "org.apache.commons") print "  " $0
    }' "$TREE")
[[ -z $STRAY ]] || fail "the dependency tree holds more than dev.elbow:* and org.apache.commons:*:
$STRAY"
grep -q 'dev\.elbow:vi:jar:' "$TREE" || fail "dev.elbow:vi is missing from the dependency tree"
grep -q 'dev\.elbow:tensor:jar:' "$TREE" || fail "dev.elbow:tensor is missing from the dependency tree"
echo "OK: only dev.elbow:* and org.apache.commons:* (test scope ignored)"

CP=$EXAMPLE/target/embed-example.jar:$(cat "$CPFILE")
run() { # run LABEL EXPECTED_KERNELS [java options...]: runs the program, checks status and output
    local label=$1 kernels=$2 out err status=0
    shift 2
    out=$(mktemp) err=$(mktemp)
    echo "\$ java ${*:+$* }-cp target/embed-example.jar:\$CP $MAIN"
    "$JAVA" "$@" -cp "$CP" "$MAIN" >"$out" 2>"$err" || status=$?
    sed 's/^/  | /' "$out"
    sed 's/^/  stderr | /' "$err"
    local why=""
    if [[ $status -ne 0 ]]; then why="exit status $status"
    elif ! grep -q '^OK: matches the exact posterior' "$out"; then why="no 'OK: matches the exact posterior' line"
    elif ! grep -q "^kernels: $kernels" "$out"; then why="expected the $kernels kernels"
    elif [[ $kernels == scalar ]] && ! grep -q 'start java with --add-modules jdk.incubator.vector' "$err"; then why="no notice on stderr about enabling SIMD"
    fi
    rm -f "$out" "$err"
    [[ -z $why ]] || fail "$label: $why"
    echo "OK: $label"
}

step "run with plain java ($("$JAVA" -version 2>&1 | head -n 1))"
run "plain java" scalar
step "run with --add-modules jdk.incubator.vector"
run "java --add-modules jdk.incubator.vector" vector --add-modules jdk.incubator.vector

echo
echo "check-embed: OK in $((SECONDS - START)) s: elbow $VERSION embeds through dev.elbow:vi alone and runs with plain java, scalar and vector"
