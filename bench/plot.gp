# Latency percentiles against offered intake load, from the table BenchSummary writes.
#   gnuplot -e "table='...'; out='....png'; title_text='...'" bench/plot.gp
set terminal pngcairo size 900,560 font "sans,10"
set output out
set title title_text
set logscale xy
set xlabel "offered load (events/s, 4 Report streams, one webhook hook each)"
set ylabel "latency (ms)"
set xrange [350:11000]
set yrange [0.5:*]
set xtics (500, 1000, 2000, 4000, 8000)
set grid xtics ytics mytics
set key bottom right
set datafile missing "?"
set arrow from graph 0, first 25 to graph 1, first 25 nohead dashtype 2 lc rgb "#c00000"
set label "p99 ack target 25 ms" at graph 0.72, first 30 tc rgb "#c00000"
set arrow from graph 0, first 100 to graph 1, first 100 nohead dashtype 3 lc rgb "#7030a0"
set label "p99 event->delivered target 100 ms" at graph 0.62, first 120 tc rgb "#7030a0"
if (exists("raw_p99")) {
  set arrow from graph 0, first raw_p99 to graph 1, first raw_p99 nohead dashtype 2 lc rgb "#404040"
  set label sprintf("raw single-commit p99 %.1f ms", raw_p99) at graph 0.02, first raw_p99 * 1.2 tc rgb "#404040"
}
plot table using 1:3 with linespoints title "ack p50", \
     table using 1:4 with linespoints title "ack p90", \
     table using 1:5 with linespoints title "ack p99", \
     table using 1:6 with linespoints title "ack p99.9", \
     table using 1:7 with linespoints dashtype 4 title "event->delivered p50", \
     table using 1:8 with linespoints dashtype 4 title "event->delivered p99"
