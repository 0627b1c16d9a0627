import Testing
@testable import DataflowServer

/// One case of Spring Cloud Data Flow's `TaskParserTests` (core-dsl, 2.11): the DSL text and
/// what Data Flow 2.11's own parser gives for it (the definition named `test`), recorded in the
/// notation of `outcome(of:definitionName:)`.
///
/// Where ours differs on purpose the line says so: an error insert Data Flow prints as `null`
/// (ours names the token), `$END`/`$FAIL` (not apps, so no child definitions), and several
/// undefined-label problems (Data Flow reports them in hash-set order, ours in text order).
struct DataflowCase: CustomTestStringConvertible, Sendable {
    let test: String
    let dsl: String
    let expected: String

    init(_ test: String, _ dsl: String, _ expected: String) {
        self.test = test
        self.dsl = dsl
        self.expected = expected
    }

    var testDescription: String { "\(test): \(dsl.debugDescription)" }

    static let all: [DataflowCase] = [
        DataflowCase("oneApp", "foo",
                     "OK 0 F(A[]foo{}) APPS test-foo"),
        DataflowCase("hyphenatedAppName", "gemfire-cq",
                     "OK 0 F(A[]gemfire-cq{}) APPS test-gemfire-cq"),
        DataflowCase("oneAppWithParam", "foo --name=value",
                     "OK 0 F(A[]foo{name=value}) APPS test-foo"),
        DataflowCase("oneAppWithTwoParams", "foo --name=value --x=y",
                     "OK 0 F(A[]foo{name=value,x=y}) APPS test-foo"),
        DataflowCase("parameters", "gemfire-cq --query='Select * from /Stocks where symbol=''VMW''' --regionName=foo --foo=bar",
                     "OK 0 F(A[]gemfire-cq{query=Select * from /Stocks where symbol='VMW',regionName=foo,foo=bar}) APPS test-gemfire-cq"),
        DataflowCase("parameters", "foo --x=1 --y=two ",
                     "OK 0 F(A[]foo{x=1,y=two}) APPS test-foo"),
        DataflowCase("parameters", "foo --x=1a2b --y=two ",
                     "OK 0 F(A[]foo{x=1a2b,y=two}) APPS test-foo"),
        DataflowCase("parameters", "--foo = bar",
                     "118E:(pos 0): expected app name but found '--'"),
        DataflowCase("invalidApps", "foo--x=13",
                     "163E:(pos 6): after parsing a valid task, there is still more data: '='"),
        DataflowCase("expressions_xd159", "transform --expression=--payload",
                     "OK 0 F(A[]transform{expression=--payload}) APPS test-transform"),
        DataflowCase("expressions_xd159_2", "transform --expression=new StringBuilder(payload).reverse()",
                     "163E:(pos 27): after parsing a valid task, there is still more data: 'StringBuilder'"),
        DataflowCase("expressions_xd159_3", "transform --expression='new StringBuilder(payload).reverse()'",
                     "OK 0 F(A[]transform{expression=new StringBuilder(payload).reverse()}) APPS test-transform"),
        DataflowCase("expressions_xd159_4", "transform --expression=\"'Hello, world!'\"",
                     "OK 0 F(A[]transform{expression='Hello, world!'}) APPS test-transform"),
        DataflowCase("expressions_xd159_4", "transform --expression='''Hello, world!'''",
                     "OK 0 F(A[]transform{expression='Hello, world!'}) APPS test-transform"),
        DataflowCase("expressions_xd159_4", "transform --expression=''Hello, world!''",
                     "162E:(pos 37): unexpected data in task definition '!'"),
        DataflowCase("expressions_gh1", "filter --expression=\"payload == 'foo'\"",
                     "OK 0 F(A[]filter{expression=payload == 'foo'}) APPS test-filter"),
        DataflowCase("expressions_gh1_2", "filter --expression='new Foo()'",
                     "OK 0 F(A[]filter{expression=new Foo()}) APPS test-filter"),
        DataflowCase("errorCases01", ".",
                     "118E:(pos 0): expected app name but found '.'"),
        DataflowCase("errorCases01", "a-_",
                     "OK 0 F(A[]a-_{}) APPS test-a-_"),
        DataflowCase("errorCases01", ";",
                     "118E:(pos 0): expected app name but found ';'"),
        DataflowCase("errorCases04", "foo bar=yyy",
                     "163E:(pos 4): after parsing a valid task, there is still more data: 'bar'"),
        DataflowCase("errorCases04", "foo bar",
                     "163E:(pos 4): after parsing a valid task, there is still more data: 'bar'"),
        DataflowCase("shortArgValues_2499", "aaa --bbb= --ccc=ddd",
                     "105E:(pos 11): Expected an argument value but was '--'"),  // Data Flow: 'null'
        DataflowCase("shortArgValues_2499", "aaa --bbb=| --ccc=ddd",
                     "105E:(pos 10): Expected an argument value but was '|'"),
        DataflowCase("shortArgValues_2499", "aaa --bbb=; --ccc=ddd",
                     "105E:(pos 10): Expected an argument value but was ';'"),
        DataflowCase("shortArgValues_2499", "aaa --bbb=> --ccc=ddd",
                     "105E:(pos 10): Expected an argument value but was '>'"),
        DataflowCase("shortArgValues_2499", "aaa --bbb=\t --ccc=ddd",
                     "105E:(pos 12): Expected an argument value but was '--'"),  // Data Flow: 'null'
        DataflowCase("shortArgValues_2499", "aaa --bbb=\n --ccc=ddd",
                     "105E:(pos 12): Expected an argument value but was '--'"),  // Data Flow: 'null'
        DataflowCase("errorCases05", "foo --",
                     "112E:(pos 6): Unexpectedly ran out of input"),
        DataflowCase("errorCases05", "foo --bar",
                     "112E:(pos 9): Unexpectedly ran out of input"),
        DataflowCase("errorCases05", "foo --bar=",
                     "112E:(pos 10): Unexpectedly ran out of input"),
        DataflowCase("errorCases06", "|",
                     "151E:(pos 0): task dsl requires a pair of |"),
        DataflowCase("needAdjacentTokensForParameters", "foo -- name=value",
                     "101E:(pos 7): No whitespace allowed between -- and option name"),
        DataflowCase("needAdjacentTokensForParameters", "foo --name =value",
                     "102E:(pos 11): No whitespace allowed after argument name and before ="),
        DataflowCase("needAdjacentTokensForParameters", "foo --name= value",
                     "103E:(pos 12): No whitespace allowed after = and before option value"),
        DataflowCase("composedOptionNameErros", "foo --name.=value",
                     "111E:(pos 11): Unexpected token.  Expected 'identifier' but was '='"),
        DataflowCase("composedOptionNameErros", "foo --name .sub=value",
                     "145E:(pos 11): no whitespace is allowed between dot and components of a name"),
        DataflowCase("composedOptionNameErros", "foo --name. sub=value",
                     "145E:(pos 12): no whitespace is allowed between dot and components of a name"),
        DataflowCase("xd2416", "transform --expression='payload.replace(\"abc\", \"\")'",
                     "OK 0 F(A[]transform{expression=payload.replace(\"abc\", \"\")}) APPS test-transform"),
        DataflowCase("xd2416", "transform --expression='payload.replace(\"abc\", '''')'",
                     "OK 0 F(A[]transform{expression=payload.replace(\"abc\", '')}) APPS test-transform"),
        DataflowCase("unbalancedSingleQuotes", "timestamp --format='YYYY",
                     "107E:(pos 19): Cannot find terminating ' for string"),
        DataflowCase("unbalancedDoubleQuotes", "timestamp --format=\"YYYY",
                     "106E:(pos 19): Cannot find terminating \" for string"),
        DataflowCase("executableDsl", "appA && appB",
                     "OK 1 F(A[]appA{} ; A[]appB{}) APPS test-appA test-appB"),
        DataflowCase("executableDsl", "appC && goo: appC",
                     "OK 1 F(A[]appC{} ; A[goo]appC{}) APPS test-appC test-goo"),
        DataflowCase("executableDsl", "appA --p1=v2 && goo: appB --p2=v2",
                     "OK 1 F(A[]appA{p1=v2} ; A[goo]appB{p2=v2}) APPS test-appA test-goo"),
        DataflowCase("executableDsl", "appA 0->x:appA --p1=v1",
                     "OK 1 F(A[]appA{}T(#0->A[x]appA{p1=v1})) APPS test-appA test-x"),
        DataflowCase("executableDsl", "aaa: appA 1->appC 2->:aaa",
                     "OK 1 F(A[aaa]appA{}T(#1->A[]appC{},#2->:aaa)) APPS test-aaa test-appC"),
        DataflowCase("executableDsl", "<appA || appB && appC>",
                     "OK 1 F(S[](F(A[]appA{}) | F(A[]appB{} ; A[]appC{}))) APPS test-appA test-appB test-appC"),
        DataflowCase("executableDsl", "<<appA && appD || appE> || appB>",
                     "OK 1 F(S[](F(S[](F(A[]appA{} ; A[]appD{}) | F(A[]appE{}))) | F(A[]appB{}))) APPS test-appA test-appD test-appE test-appB"),
        DataflowCase("executableDsl", "<<appA || x: appA> || appB>",
                     "OK 1 F(S[](F(S[](F(A[]appA{}) | F(A[x]appA{}))) | F(A[]appB{}))) APPS test-appA test-x test-appB"),
        DataflowCase("executableDsl", "AAA && FFF 'FAILED' -> EEE && <BBB||CCC> && DDD",
                     "OK 1 F(A[]AAA{} ; A[]FFF{}T('FAILED'->A[]EEE{}) ; S[](F(A[]BBB{}) | F(A[]CCC{})) ; A[]DDD{}) APPS test-AAA test-FFF test-EEE test-BBB test-CCC test-DDD"),
        DataflowCase("executableDsl", "<A || B || C> && <D||E>",
                     "OK 1 F(S[](F(A[]A{}) | F(A[]B{}) | F(A[]C{})) ; S[](F(A[]D{}) | F(A[]E{}))) APPS test-A test-B test-C test-D test-E"),
        DataflowCase("executableDsl", "<A || <B && C || D>>",
                     "OK 1 F(S[](F(A[]A{}) | F(S[](F(A[]B{} ; A[]C{}) | F(A[]D{}))))) APPS test-A test-B test-C test-D"),
        DataflowCase("executableDsl", "AAA '0'->BBB",
                     "OK 1 F(A[]AAA{}T('0'->A[]BBB{})) APPS test-AAA test-BBB"),
        DataflowCase("executableDsl", "AAA *->BBB '*'->CCC",
                     "OK 1 F(A[]AAA{}T(*->A[]BBB{},*->A[]CCC{})) APPS test-AAA test-BBB test-CCC"),
        DataflowCase("executableDsl", "AAA 1 -> BBB 2 -> CCC",
                     "OK 1 F(A[]AAA{}T(#1->A[]BBB{},#2->A[]CCC{})) APPS test-AAA test-BBB test-CCC"),
        DataflowCase("isComposedTask", "appA 'foo' -> appB",
                     "OK 1 F(A[]appA{}T('foo'->A[]appB{})) APPS test-appA test-appB"),
        DataflowCase("appsInTaskDef", "FooApp --p1=v1 'something' -> GooApp --p2=v2 && SooApp --p3=v3",
                     "OK 1 F(A[]FooApp{p1=v1}T('something'->A[]GooApp{p2=v2}) ; A[]SooApp{p3=v3}) APPS test-FooApp test-GooApp test-SooApp"),
        DataflowCase("twoAppFlow", "FooApp  &&  BarApp",
                     "OK 1 F(A[]FooApp{} ; A[]BarApp{}) APPS test-FooApp test-BarApp"),
        DataflowCase("oneAppSplit", "< FooApp>",
                     "OK 1 F(S[](F(A[]FooApp{}))) APPS test-FooApp"),
        DataflowCase("twoAppSplit", "< FooApp  ||    BarApp>",
                     "OK 1 F(S[](F(A[]FooApp{}) | F(A[]BarApp{}))) APPS test-FooApp test-BarApp"),
        DataflowCase("appWithOneTransition", "App1 0->App2",
                     "OK 1 F(A[]App1{}T(#0->A[]App2{})) APPS test-App1 test-App2"),
        DataflowCase("appWithTwoTransitions", "App1 0->App2 'abc' ->   App3",
                     "OK 1 F(A[]App1{}T(#0->A[]App2{},'abc'->A[]App3{})) APPS test-App1 test-App2 test-App3"),
        DataflowCase("appWithWildcardTransitions", "App1 *->App2 '*'->App3",
                     "OK 1 F(A[]App1{}T(*->A[]App2{},*->A[]App3{})) APPS test-App1 test-App2 test-App3"),
        DataflowCase("appWithLabelReferenceTransition", "App1 'foo'->:something",
                     "160E:(pos 5): transition specifies an undefined label"),
        DataflowCase("splitMainComposedTaskOverMultipleLines", "FooApp &&\nBarApp",
                     "OK 1 F(A[]FooApp{} ; A[]BarApp{}) APPS test-FooApp test-BarApp"),
        DataflowCase("splitMainComposedTaskOverMultipleLines", "FooApp\n&& BarApp",
                     "OK 1 F(A[]FooApp{} ; A[]BarApp{}) APPS test-FooApp test-BarApp"),
        DataflowCase("splitMainComposedTaskOverMultipleLines", "FooApp\n 0\n->:a\n 1->:b\n &&\nBarApp 2->:c 3->:d",
                     "160E:(pos 8): transition specifies an undefined label"),  // Data Flow: VAL 160:16 160:39 160:8 160:33
        DataflowCase("splitMainComposedTaskOverMultipleLines", "<\nFooApp ||\nBarApp\n>",
                     "OK 1 F(S[](F(A[]FooApp{}) | F(A[]BarApp{}))) APPS test-FooApp test-BarApp"),
        DataflowCase("labelledElement", "foo: <appA || appB>",
                     "OK 1 F(S[foo](F(A[]appA{}) | F(A[]appB{}))) APPS test-appA test-appB"),
        DataflowCase("labelledElement", "foo: appA && appB",
                     "OK 1 F(A[foo]appA{} ; A[]appB{}) APPS test-foo test-appB"),
        DataflowCase("taskCollectorVisitor", "<appA || appB> && appC && boo: appC",
                     "OK 1 F(S[](F(A[]appA{}) | F(A[]appB{})) ; A[]appC{} ; A[boo]appC{}) APPS test-appA test-appB test-appC test-boo"),
        DataflowCase("transitionToOtherSequence", " appA 'fail'->:two && appB && appC;two: appD && appE",
                     "OK 1 F(A[]appA{}T('fail'->:two) ; A[]appB{} ; A[]appC{}) // F(A[two]appD{} ; A[]appE{}) APPS test-appA test-appB test-appC test-two test-appE"),
        DataflowCase("secondarySequencesHaveFurtherTransitions", " appA 'fail'->:two && appB;two: appD 'fail2'->:three && appE;three: appF && appG",
                     "OK 1 F(A[]appA{}T('fail'->:two) ; A[]appB{}) // F(A[two]appD{}T('fail2'->:three) ; A[]appE{}) // F(A[three]appF{} ; A[]appG{}) APPS test-appA test-appB test-two test-appE test-three test-appG"),
        DataflowCase("twoReferencesToSecondarySequence", "appA 'fail'->:two && appB 'fail2'->:two && appC;two: appD && appE",
                     "OK 1 F(A[]appA{}T('fail'->:two) ; A[]appB{}T('fail2'->:two) ; A[]appC{}) // F(A[two]appD{} ; A[]appE{}) APPS test-appA test-appB test-appC test-two test-appE"),
        DataflowCase("transitionToSplit", "aa 'foo'->:split && bb && split: <cc || dd> && ee",
                     "OK 1 F(A[]aa{}T('foo'->:split) ; A[]bb{} ; S[split](F(A[]cc{}) | F(A[]dd{})) ; A[]ee{}) APPS test-aa test-bb test-cc test-dd test-ee"),
        DataflowCase("transitionToNonResolvedLabel", "aa 'foo'->:split && bb && cc",
                     "160E:(pos 3): transition specifies an undefined label"),
        DataflowCase("transitionToNonResolvedLabel", "<aa 'foo'->:split && bb && cc || dd>",
                     "160E:(pos 4): transition specifies an undefined label"),
        DataflowCase("visitors", "appA && appB 0->:foo *->appC;foo: appD && appE",
                     "OK 1 F(A[]appA{} ; A[]appB{}T(#0->:foo,*->A[]appC{})) // F(A[foo]appD{} ; A[]appE{}) APPS test-appA test-appB test-appC test-foo test-appE"),
        DataflowCase("multiline", "appA 0->:label1 && appB\nlabel1: appC",
                     "OK 1 F(A[]appA{}T(#0->:label1) ; A[]appB{}) // F(A[label1]appC{}) APPS test-appA test-appB test-label1"),
        DataflowCase("multiSequence", "appA\n  0->:foo\n  *->appB\n  && appE;foo: appC && appD",
                     "OK 1 F(A[]appA{}T(#0->:foo,*->A[]appB{}) ; A[]appE{}) // F(A[foo]appC{} ; A[]appD{}) APPS test-appA test-appB test-appE test-foo test-appD"),
        DataflowCase("validator", "appA;appB",
                     "158E:(pos 5): secondary sequences must have labels or are unreachable"),
        DataflowCase("validator", "appA;foo: appB",
                     "OK 1 F(A[]appA{}) // F(A[foo]appB{}) APPS test-appA test-foo"),
        DataflowCase("validator", "appA;foo: appB\nappC",
                     "158E:(pos 15): secondary sequences must have labels or are unreachable"),
        DataflowCase("validator", "appA && appA",
                     "166E:(pos 8): duplicate app name. Use a label to ensure uniqueness"),
        DataflowCase("validator", "appA 'foo' -> appA",
                     "166E:(pos 14): duplicate app name. Use a label to ensure uniqueness"),
        DataflowCase("validator", "appA 'foo' -> appA: appB",
                     "164E:(pos 14): the label clashes with an existing unlabeled task application name"),
        DataflowCase("validator", "label1: appA 'foo' -> label1: appB",
                     "159E:(pos 22): this label has already been defined"),
        DataflowCase("validator", "label1: appA 'foo' -> label1",
                     "165E:(pos 22): the app name clashes with an existing label"),
        DataflowCase("labels", "outer:<aaa: appA || bbb: appB>",
                     "OK 1 F(S[outer](F(A[aaa]appA{}) | F(A[bbb]appB{}))) APPS test-aaa test-bbb"),
        DataflowCase("labels", "(aaa: appA && appB)",
                     "OK 1 F(A[aaa]appA{} ; A[]appB{}) APPS test-aaa test-appB"),
        DataflowCase("labels", "aaa: (appA)",
                     "155E:(pos 5): labels cannot be specified on parenthesized groups"),
        DataflowCase("labels", "aaa: bbb: appA",
                     "156E:(pos 5): multiple labels are not supported"),
        DataflowCase("labels", "aaa: >",
                     "118E:(pos 5): expected app name but found '>'"),
        DataflowCase("labels", "aaa: &&",
                     "118E:(pos 5): expected app name but found '&&'"),
        DataflowCase("labels", "aaa:: appA",
                     "118E:(pos 4): expected app name but found ':'"),
        DataflowCase("badTransitions", "App1 ->",
                     "157E:(pos 5): transition arrow must be preceeded by the exit code that should drive the transition"),
        DataflowCase("badTransitions", "App1 0->x ->",
                     "157E:(pos 10): transition arrow must be preceeded by the exit code that should drive the transition"),
        DataflowCase("badTransitions", "App1 ->xx",
                     "157E:(pos 5): transition arrow must be preceeded by the exit code that should drive the transition"),
        DataflowCase("badTransitions", "App1 xx->",
                     "112E:(pos 9): Unexpectedly ran out of input"),
        DataflowCase("graphToText_3667", "t1: timestamp --format=aabbcc 'FAILED'->t2: timestamp --format=ddeeff && t3: timestamp --format=gghhii",
                     "OK 1 F(A[t1]timestamp{format=aabbcc}T('FAILED'->A[t2]timestamp{format=ddeeff}) ; A[t3]timestamp{format=gghhii}) APPS test-t1 test-t2 test-t3"),
        DataflowCase("graphToTextSingleAppInSplit", "<Import: timestamp 'Error2'->T2: timestamp 'Error'->T1: timestamp> && Backwards: timestamp",
                     "OK 1 F(S[](F(A[Import]timestamp{}T('Error2'->A[T2]timestamp{},'Error'->A[T1]timestamp{}))) ; A[Backwards]timestamp{}) APPS test-Import test-T2 test-T1 test-Backwards"),
        DataflowCase("graphToText", "<AppA && AppB || foo: AppB && AppC>",
                     "OK 1 F(S[](F(A[]AppA{} ; A[]AppB{}) | F(A[foo]AppB{} ; A[]AppC{}))) APPS test-AppA test-AppB test-foo test-AppC"),
        DataflowCase("graphToText", "AppA && AppB 0->x: AppC && AppD 0->y: AppC",
                     "OK 1 F(A[]AppA{} ; A[]AppB{}T(#0->A[x]AppC{}) ; A[]AppD{}T(#0->A[y]AppC{})) APPS test-AppA test-AppB test-x test-AppD test-y"),
        DataflowCase("toDSLTextNestedSplits", "<aaa && <bbb || ccc> && foo || ddd && eee> && fff",
                     "OK 1 F(S[](F(A[]aaa{} ; S[](F(A[]bbb{}) | F(A[]ccc{})) ; A[]foo{}) | F(A[]ddd{} ; A[]eee{})) ; A[]fff{}) APPS test-aaa test-bbb test-ccc test-foo test-ddd test-eee test-fff"),
        DataflowCase("errorExpectDoubleOr", "<aa | bb>",
                     "151E:(pos 4): task dsl requires a pair of |"),
        DataflowCase("errorExpectDoubleOr", "<aa ||| bb>",
                     "151E:(pos 6): task dsl requires a pair of |"),
        DataflowCase("unexpectedDoubleAnd", "aa  &&&& bb",
                     "118E:(pos 6): expected app name but found '&&'"),
        DataflowCase("toDSLTextTransitions", "aaa '*'->$END && bbb",
                     "OK 1 F(A[]aaa{}T(*->$END) ; A[]bbb{}) APPS test-aaa test-bbb"),  // Data Flow also lists test-$END
        DataflowCase("toDSLTextSplitFlowSplit", "<a || b> && foo 'wibble'->$FAIL && <c || d>",
                     "OK 1 F(S[](F(A[]a{}) | F(A[]b{})) ; A[]foo{}T('wibble'->$FAIL) ; S[](F(A[]c{}) | F(A[]d{}))) APPS test-a test-b test-foo test-c test-d"),  // Data Flow also lists test-$FAIL
        DataflowCase("toDSLTextFlowTransitions", "aaa 'COMPLETED'->x: kill 'FOO'->bar && bbb 'COMPLETED'->y: kill && ccc",
                     "OK 1 F(A[]aaa{}T('COMPLETED'->A[x]kill{},'FOO'->A[]bar{}) ; A[]bbb{}T('COMPLETED'->A[y]kill{}) ; A[]ccc{}) APPS test-aaa test-x test-bar test-bbb test-y test-ccc"),
        DataflowCase("whitespace", "A&&B",
                     "OK 1 F(A[]A{} ; A[]B{}) APPS test-A test-B"),
        DataflowCase("whitespace", "<A&&B||C>",
                     "OK 1 F(S[](F(A[]A{} ; A[]B{}) | F(A[]C{}))) APPS test-A test-B test-C"),
        DataflowCase("missingQuotes", "appA BROKEN->$FAIL",
                     "154E:(pos 5): transition conditions must be quoted literals, numerics or * but 'BROKEN' is not"),
        DataflowCase("missingQuotes", "appA\n BROKEN->$FAIL",
                     "154E:(pos 6): transition conditions must be quoted literals, numerics or * but 'BROKEN' is not"),
        DataflowCase("parentheses2", "<(jobA && jobB && jobC) || boo: jobC>",
                     "OK 1 F(S[](F(A[]jobA{} ; A[]jobB{} ; A[]jobC{}) | F(A[boo]jobC{}))) APPS test-jobA test-jobB test-jobC test-boo"),
        DataflowCase("funnyJobNames", "a-b-c && d-e-f",
                     "OK 1 F(A[]a-b-c{} ; A[]d-e-f{}) APPS test-a-b-c test-d-e-f"),
        DataflowCase("nestedSplit1", "<<jobA || jobB> || jobC>",
                     "OK 1 F(S[](F(S[](F(A[]jobA{}) | F(A[]jobB{}))) | F(A[]jobC{}))) APPS test-jobA test-jobB test-jobC"),
        DataflowCase("nestedSplit2", "<jobA || <jobB || jobC> || jobD>",
                     "OK 1 F(S[](F(A[]jobA{}) | F(S[](F(A[]jobB{}) | F(A[]jobC{}))) | F(A[]jobD{}))) APPS test-jobA test-jobB test-jobC test-jobD"),
        DataflowCase("moreSophisticatedScenarios_gh712_1a", "<<jdbchdfs-local && spark-client || spark-cluster && two: spark-cluster> && timestamp || spark-yarn>",
                     "OK 1 F(S[](F(S[](F(A[]jdbchdfs-local{} ; A[]spark-client{}) | F(A[]spark-cluster{} ; A[two]spark-cluster{})) ; A[]timestamp{}) | F(A[]spark-yarn{}))) APPS test-jdbchdfs-local test-spark-client test-spark-cluster test-two test-timestamp test-spark-yarn"),
        DataflowCase("moreSophisticatedScenarios_gh712_1d", "<<AC && AD || AE 'jumpOut'-> AH && AF> && AG || AB>",
                     "OK 1 F(S[](F(S[](F(A[]AC{} ; A[]AD{}) | F(A[]AE{}T('jumpOut'->A[]AH{}) ; A[]AF{})) ; A[]AG{}) | F(A[]AB{}))) APPS test-AC test-AD test-AE test-AH test-AF test-AG test-AB"),
        DataflowCase("moreSophisticatedScenarios_gh712_2", "<<jdbchdfs-local && spark-client || spark-cluster && spark-cluster> && timestamp || spark-yarn>",
                     "166E:(pos 53): duplicate app name. Use a label to ensure uniqueness"),
        DataflowCase("moreSophisticatedScenarios_gh712_3", "<1: jdbchdfs-local && spark-client && timestamp || spark-cluster && spark-cluster && timestamp || spark-yarn>",
                     "166E:(pos 68): duplicate app name. Use a label to ensure uniqueness"),  // Data Flow: VAL 166:68 166:85
        DataflowCase("wildcardTransition", "foo \"*\"->wibble",
                     "OK 1 F(A[]foo{}T(*->A[]wibble{})) APPS test-foo test-wibble"),
        DataflowCase("multiLine", "<foo\n  'completed'->kill\n  '*'->custard\n  || bar>",
                     "OK 1 F(S[](F(A[]foo{}T('completed'->A[]kill{},*->A[]custard{})) | F(A[]bar{}))) APPS test-foo test-kill test-custard test-bar"),
        DataflowCase("emptyInput", "",
                     "112E:(pos 0): Unexpectedly ran out of input"),
        DataflowCase("toGraph$END", "foo 'oranges'->$END",
                     "OK 1 F(A[]foo{}T('oranges'->$END)) APPS test-foo"),  // Data Flow also lists test-$END
        DataflowCase("toGraphWithTransition2", "<foo 'completed'->hoo || bar> && boo && goo",
                     "OK 1 F(S[](F(A[]foo{}T('completed'->A[]hoo{})) | F(A[]bar{})) ; A[]boo{} ; A[]goo{}) APPS test-foo test-hoo test-bar test-boo test-goo"),
        DataflowCase("spacesInProperties", "aaa --one=bar --two='b ar' 'tname'->bbb '*'->ccc 3->ddd",
                     "OK 1 F(A[]aaa{one=bar,two=b ar}T('tname'->A[]bbb{},*->A[]ccc{},#3->A[]ddd{})) APPS test-aaa test-bbb test-ccc test-ddd"),
        DataflowCase("multiTransitionToSameTarget", "foo 'failed'->bbb && bar 'failed'->bbc",
                     "OK 1 F(A[]foo{}T('failed'->A[]bbb{}) ; A[]bar{}T('failed'->A[]bbc{})) APPS test-foo test-bbb test-bar test-bbc"),
        DataflowCase("extraneousDataError", "<a || b> rubbish",
                     "163E:(pos 9): after parsing a valid task, there is still more data: 'rubbish'"),
        DataflowCase("incorrectTransition", "foo ||->bar",
                     "163E:(pos 4): after parsing a valid task, there is still more data: '||'"),
    ]
}

@Suite("Data Flow's TaskParserTests")
struct DataflowParserCaseTests {
    @Test("parses as Data Flow does", arguments: DataflowCase.all)
    func parsesAsDataflow(_ example: DataflowCase) {
        #expect(outcome(of: example.dsl) == example.expected)
    }

    @Test("every valid case prints back to text that parses to the same graph", arguments: DataflowCase.all)
    func roundTrips(_ example: DataflowCase) throws {
        guard let graph = try? TaskDSL.parse(example.dsl) else { return }
        #expect(try TaskDSL.parse(graph.dsl) == graph)
    }

    @Test("the recorded cases cover parses, syntax errors and validation errors")
    func coverage() {
        let outcomes = DataflowCase.all.map(\.expected)
        #expect(DataflowCase.all.count >= 130)
        #expect(outcomes.filter { $0.hasPrefix("OK") }.count >= 70)
        #expect(outcomes.filter { !$0.hasPrefix("OK") }.count >= 50)
    }

    @Test("Data Flow's illegal task names", arguments: ["foo.bar", "-bar", ".bar", "foo-.-bar", "0foobar", "foo%bar"])
    func illegalTaskNames(_ name: String) {
        #expect(outcome(of: "task", definitionName: name) == "123E:(pos 0): illegal name for a task '\(name)'")
    }

    @Test("Data Flow's legal task names", arguments: ["foo-bar", "foo_bar", "a-_", "a_b"])
    func legalTaskNames(_ name: String) {
        #expect(outcome(of: "task", definitionName: name) == "OK 0 F(A[]task{}) APPS \(name)-task")
    }
}
