// Creates (or deletes) a Kafka topic through the AdminClient of the broker's own kafka-clients jar
// (the broker jars from Maven Central carry no kafka-topics tool). Run by `scripts/services topic`
// with Java's single-file source launcher:
//   java -cp 'LIBS/*' KafkaTopic.java BOOTSTRAP TOPIC PARTITIONS
//   java -cp 'LIBS/*' KafkaTopic.java BOOTSTRAP TOPIC delete
// Exit 0 when the topic exists afterwards with that many partitions (created now or before), or
// when it is gone (deleted now, or never there).
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

public class KafkaTopic {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaTopic BOOTSTRAP TOPIC PARTITIONS|delete");
            System.exit(2);
        }
        String topic = args[1];
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        if (args[2].equals("delete")) {
            try (Admin admin = Admin.create(props)) {
                admin.deleteTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) throw e;
            }
            return;
        }
        int partitions = Integer.parseInt(args[2]);
        try (Admin admin = Admin.create(props)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
            Map<String, TopicDescription> d = admin.describeTopics(List.of(topic)).allTopicNames().get();
            int have = d.get(topic).partitions().size();
            if (have != partitions) {
                System.err.println("topic " + topic + " exists with " + have + " partitions, not " + partitions);
                System.exit(1);
            }
            System.out.println(topic + " " + have);
        }
    }
}
