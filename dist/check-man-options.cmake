# cmake -DPROGRAM=<executable> -DPAGE=<man page> -P check-man-options.cmake
# Fails when a long option that PROGRAM --help lists is missing from PAGE, so a new
# option cannot ship undocumented.
cmake_policy(VERSION 3.25)
execute_process(COMMAND ${PROGRAM} --help
    OUTPUT_VARIABLE help ERROR_VARIABLE help_error RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help exited with ${status}:\n${help}${help_error}")
endif()

# QCommandLineParser starts each option's line with two spaces and its names
# ("  -h, --help   Displays ..."); a wrapped description is indented further, so an
# option named inside a description is not taken for one.
string(REPLACE ";" "," help "${help}")
string(REPLACE "\n" ";" lines "${help}")
set(options)
foreach(line IN LISTS lines)
    if(line MATCHES "^  -[^ ]")
        string(REGEX REPLACE "^  ([^ ]+( [^ ]+)*).*" "\\1" names "${line}")
        string(REGEX MATCHALL "--[a-z0-9-]+" found "${names}")
        list(APPEND options ${found})
    endif()
endforeach()
list(REMOVE_DUPLICATES options)
if(NOT options)
    message(FATAL_ERROR "No long options found in ${PROGRAM} --help:\n${help}")
endif()

# roff writes a dash as \- and may change the font mid-word: read the text as printed.
file(READ ${PAGE} page)
string(REPLACE "\\-" "-" page "${page}")
string(REGEX REPLACE "\\\\f[BIRP]" "" page "${page}")
set(missing)
foreach(option IN LISTS options)
    if(NOT page MATCHES "${option}([^a-z0-9-]|$)")
        list(APPEND missing ${option})
    endif()
endforeach()
if(missing)
    list(JOIN missing " " missing)
    message(FATAL_ERROR "${PAGE} does not document: ${missing}")
endif()
list(LENGTH options count)
message(STATUS "${PAGE}: all ${count} long options of --help documented")
